/**
 * The preload: the only door between the renderer and the main process. It runs sandboxed,
 * so it is bundled to CommonJS (vite.preload.config.ts) and may require only 'electron'.
 *
 * `ipcRenderer` stays in this file: the API is built over three narrow functions that take
 * only the contract's channel names, and what crosses the context bridge is the frozen object
 * of named actions alone (no ipcRenderer, no generic invoke, send or on).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopApi } from './create-desktop-api.ts';

const api = createDesktopApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    ipcRenderer.on(channel, listener);
  },
  removeListener: (channel, listener) => {
    ipcRenderer.removeListener(channel, listener);
  },
});

contextBridge.exposeInMainWorld('desktop', api);
