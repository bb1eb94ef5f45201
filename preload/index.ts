/**
 * The preload: the only door between the renderer and the main process. It runs sandboxed,
 * so it is bundled to CommonJS (vite.preload.config.ts) and may require only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopApi } from './create-desktop-api.ts';

contextBridge.exposeInMainWorld('desktop', createDesktopApi(ipcRenderer));
