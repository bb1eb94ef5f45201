/**
 * Builds the main process (main/index.ts) to dist/main/index.js: ESM for Node, as Electron 45
 * runs it. `electron`, Node builtins and the npm dependencies stay external (SSR build), so
 * electron-builder ships them from node_modules.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'main/index.ts',
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      external: ['electron', /^electron\/.+/],
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
  ssr: { target: 'node' },
});
