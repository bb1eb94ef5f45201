import type { DesktopApi } from '#ipc-contract';

declare global {
  interface Window {
    /** The preload bridge: the renderer's only way to reach the main process. */
    desktop: DesktopApi;
  }
}

export {};
