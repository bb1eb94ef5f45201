/**
 * Builds the main process (main/index.ts) to dist/main/index.js: ESM for Node, as Electron 45
 * runs it. `electron` and Node builtins stay external. The protocol libraries (openid-client,
 * oauth4webapi, jose) and valibot are bundled: one tree-shaken file loads in a fraction of the
 * time of their 18 separate modules (npm run bench), and openid-client goes into its own chunk
 * that the core imports only when it first talks to the provider. electron-store and
 * electron-log import `electron` themselves, so they stay external and ship from node_modules.
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
  // qrcode-generator (the device sign-in's QR code) is a small dependency-free module: bundled too.
  ssr: { target: 'node', noExternal: ['openid-client', 'oauth4webapi', 'jose', 'valibot', 'qrcode-generator'] },
});
