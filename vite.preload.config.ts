/**
 * Builds the preload to dist/preload/index.cjs. Sandboxed preloads cannot be ES modules and
 * may require only 'electron' (and a few builtins), so everything else is bundled in.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist/preload',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140.
    target: 'chrome140',
    sourcemap: true,
    minify: false,
    lib: {
      entry: 'preload/index.ts',
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
    },
  },
});
