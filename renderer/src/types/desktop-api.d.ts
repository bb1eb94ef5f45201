import type { DesktopApi } from '../../../main/ipc-contract.ts';

declare global {
  interface Window {
    /** The preload bridge: the renderer's only way to reach the main process. */
    desktop: DesktopApi;
  }
}

export {};
