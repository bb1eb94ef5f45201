import type { AuthErrorInfo, IpcResult } from '#ipc-contract';

/** An expected failure as the screens show it; `field` names the input it is about, if any. */
export type BridgeError = AuthErrorInfo & { field?: string };

/** True when the preload bridge is present (the page runs inside the desktop app). */
export const hasDesktopBridge = (): boolean =>
  typeof window !== 'undefined' && typeof window.desktop === 'object' && window.desktop !== null;

/** What a person sees when a bridge call throws instead of answering with an IpcResult. */
export const bridgeFailure = (): BridgeError => ({
  code: 'bridge_failed',
  message: 'The app did not answer. Try again; if it keeps happening, quit and restart the app.',
});

/** The error half of an IpcResult, in the shape the screens show; setup failures may name a field. */
export const resultError = ({ code, message, field }: Extract<IpcResult<unknown>, { ok: false }>): BridgeError => ({
  code,
  message,
  ...(field ? { field } : {}),
});
