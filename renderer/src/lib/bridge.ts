import type { AuthErrorInfo } from '../../../main/auth/types.ts';
import type { IpcResult } from '../../../main/ipc-contract.ts';

/** True when the preload bridge is present (the page runs inside the desktop app). */
export const hasDesktopBridge = (): boolean =>
  typeof window !== 'undefined' && typeof window.desktop === 'object' && window.desktop !== null;

/** What a person sees when a bridge call throws instead of answering with an IpcResult. */
export const bridgeFailure = (): AuthErrorInfo => ({
  code: 'bridge_failed',
  message: 'The app did not answer. Try again; if it keeps happening, quit and restart the app.',
});

/** The error half of an IpcResult, in the shape the screens show. */
export const resultError = (result: Extract<IpcResult<unknown>, { ok: false }>): AuthErrorInfo => ({
  code: result.code,
  message: result.message,
});
