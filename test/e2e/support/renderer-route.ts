/**
 * Serves the built renderer to the harness's window with the app's OWN request handler
 * (main/app-protocol.ts, what answers `app://renderer/` in Electron): same files, same MIME
 * types, same Content-Security-Policy header, same 404s. Chromium outside Electron cannot load
 * the `app:` scheme, so the window loads an http origin that Playwright routes to the handler.
 */
import type { BrowserContext } from '@playwright/test';
import { APP_SCHEME, RENDERER_HOST, createRendererRequestHandler } from '../../../main/app-protocol.ts';
import { RENDERER_DIR } from './paths.ts';

/** The harness's stand-in for `app://renderer`: never resolved, every request is routed. */
export const HARNESS_RENDERER_ORIGIN = 'http://renderer.app.localhost';

/** Routes the renderer origin of `context` to the app's handler; resolves with the page to load. */
export async function routeRenderer(context: BrowserContext): Promise<string> {
  const handle = createRendererRequestHandler(RENDERER_DIR);
  await context.route(`${HARNESS_RENDERER_ORIGIN}/**`, async (route) => {
    const request = route.request();
    const { pathname, search } = new URL(request.url());
    const response = await handle(new Request(`${APP_SCHEME}://${RENDERER_HOST}${pathname}${search}`, { method: request.method() }));
    await route.fulfill({
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
  return `${HARNESS_RENDERER_ORIGIN}/index.html`;
}
