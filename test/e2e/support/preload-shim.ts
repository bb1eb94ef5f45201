/**
 * Runs the REAL built preload bundle (dist/preload/index.cjs) in a plain Chromium page. The
 * bundle is CommonJS that requires only 'electron'; the shim hands it an `electron` module
 * whose `contextBridge` defines `window.desktop` and whose `ipcRenderer` talks to the test
 * process: `invoke` calls a Playwright binding (the harness's ipcMain), and `on` /
 * `removeListener` keep listeners that the harness's state pushes reach (see harness-app.ts).
 */
import { readFileSync } from 'node:fs';
import { PRELOAD_BUNDLE } from './paths.ts';

/** The binding `ipcRenderer.invoke` calls: `(channel, args) => Promise<result>`. */
export const INVOKE_BINDING = '__e2eIpcInvoke';
/** The page function the harness calls to deliver a main -> renderer message. */
export const DELIVER_FUNCTION = '__e2eIpcDeliver';

/** The init script: the shim plus the preload bundle, for pages of `appOrigin` only. */
export function preloadInitScript(appOrigin: string): string {
  const bundle = readFileSync(PRELOAD_BUNDLE, 'utf8');
  return `(() => {
  // Electron runs the preload in the app's window only, not in pages it might navigate to.
  if (location.origin !== ${JSON.stringify(appOrigin)}) return;
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window[${JSON.stringify(INVOKE_BINDING)}](channel, args),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, ${JSON.stringify(DELIVER_FUNCTION)}, {
    value: (channel, args) => {
      // Electron's IpcRendererEvent carries the sender; the preload must drop it.
      for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: ipcRenderer }, ...args);
      return (listeners.get(channel)?.size ?? 0) > 0;
    },
  });
  const contextBridge = {
    // contextBridge hands the page a frozen copy, not the preload's own object.
    exposeInMainWorld: (key, api) => {
      Object.defineProperty(window, key, { value: Object.freeze({ ...api }), enumerable: true });
    },
  };
  const require = (id) => {
    if (id === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('The sandboxed preload may require only "electron", not ' + JSON.stringify(id));
  };
  const module = { exports: {} };
  const exports = module.exports;
${bundle}
})();`;
}
