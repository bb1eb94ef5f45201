import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(import.meta.dirname, 'renderer');

/**
 * The React renderer. It is loaded from disk (file:// or the app's own protocol), never from a
 * server, so every URL in the output is relative and nothing is fetched at run time.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    // outDir lies outside root: Vite only empties it when told to.
    emptyOutDir: true,
    // Electron 45 ships Chromium 142: no need to down-level anything.
    target: 'chrome142',
    sourcemap: false,
    // Chromium supports <link rel="modulepreload">: the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    // Keep assets as files: the CSP allows data: images only, not data: fonts or styles.
    assetsInlineLimit: 0,
  },
});
