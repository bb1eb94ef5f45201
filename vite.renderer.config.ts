import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type ViteDevServer } from 'vite';
import react from '@vitejs/plugin-react';
import { devServerContentSecurityPolicy, withContentSecurityPolicy } from './main/content-security-policy.ts';

const root = resolve(import.meta.dirname, 'renderer');

/**
 * `npm run dev` only (Vite's dev server): the page gets the dev server's policy, as a header and
 * in its meta tag, instead of the built app's. It adds exactly what hot reload needs (a
 * WebSocket to this server, a nonce for the scripts and styles Vite injects) and is computed
 * from the port the server really listens on. `vite build` never runs this plugin.
 */
function devServerCsp(): Plugin {
  // A fresh nonce each time the dev server starts; Vite puts it on every tag it injects.
  const nonce = randomBytes(18).toString('base64url');
  const policyOf = (server: ViteDevServer | undefined): string => {
    const address = server?.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the dev server is not listening on a TCP port');
    return devServerContentSecurityPolicy({ serverOrigin: `http://localhost:${address.port}`, nonce });
  };
  return {
    name: 'oidc-desktop:dev-server-csp',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    configureServer(server) {
      server.middlewares.use((_request, response, next) => {
        response.setHeader('Content-Security-Policy', policyOf(server));
        next();
      });
    },
    transformIndexHtml: {
      order: 'pre',
      handler: (html, context) => withContentSecurityPolicy(html, policyOf(context.server)),
    },
  };
}

/**
 * The React renderer. The built app loads it from its own app:// protocol, never from a
 * server, so every URL in the output is relative and nothing is fetched at run time. Under
 * `npm run dev` the same config serves it from Vite's dev server, with hot reload.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react(), devServerCsp()],
  server: {
    // Loopback only: the dev server serves the app's code to this machine and nobody else.
    host: 'localhost',
  },
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
