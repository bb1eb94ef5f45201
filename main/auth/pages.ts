/**
 * The static pages the loopback listener answers with. They are constants: nothing from the
 * request is ever reflected into them, so a hostile callback cannot inject markup. The only
 * style is pinned by hash in the Content-Security-Policy; nothing else may load or run.
 *
 * The person reads them in their own browser, among their other tabs, so each one names the
 * app it belongs to (in the tab title and above the heading), says in words what happened and
 * what to do, and carries its language, a title and one heading for screen readers.
 */
import { createHash } from 'node:crypto';

export type PageKind = 'success' | 'failure' | 'invalid' | 'not-found' | 'method' | 'host' | 'signed-out';

/** The app's name as the person knows it (the window title and the installers use the same). */
export const APP_NAME = 'OIDC Desktop Sign-in';

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:Canvas;color:CanvasText}
main{max-width:28rem;padding:2rem;text-align:center}
.app{font-size:.9rem;font-weight:600;margin:0 0 .5rem;opacity:.75}
h1{font-size:1.4rem;margin:0 0 .75rem}
p{line-height:1.5;margin:0}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Response headers for every page: no caching, no referrer, nothing but the pinned style. */
const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  Connection: 'close',
});

const PAGES: Record<PageKind, { status: number; title: string; text: string }> = {
  success: { status: 200, title: 'You are signed in', text: `You can close this tab and return to ${APP_NAME}.` },
  failure: { status: 400, title: 'Sign-in did not complete', text: `Return to ${APP_NAME} to see what happened and try again.` },
  invalid: {
    status: 400,
    title: 'This sign-in link is not valid',
    text: `It does not belong to the sign-in ${APP_NAME} is waiting for. Return to the app and start the sign-in there.`,
  },
  'not-found': { status: 404, title: 'Not found', text: `Nothing is served at this address. It belongs to ${APP_NAME}'s sign-in.` },
  method: { status: 405, title: 'Method not allowed', text: `Only the sign-in redirect to ${APP_NAME} is accepted here.` },
  host: { status: 421, title: 'Wrong address', text: `This page of ${APP_NAME} is only served at its own loopback address.` },
  'signed-out': { status: 200, title: 'You are signed out', text: `You can close this tab and return to ${APP_NAME}.` },
};

const RENDERED = Object.fromEntries(
  Object.entries(PAGES).map(([kind, page]) => [
    kind,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${page.title} – ${APP_NAME}</title><style>${STYLE}</style></head><body><main><p class="app">${APP_NAME}</p><h1>${page.title}</h1><p>${page.text}</p></main></body></html>`,
  ]),
) as Record<PageKind, string>;

export interface PageResponse {
  status: number;
  /** PAGE_HEADERS, Content-Length (and Allow for 'method') as node:http's flat name/value list. */
  headers: readonly string[];
  body: Buffer;
}

/** Each page as it goes on the wire, built once: answering the callback builds nothing. */
const RESPONSES = Object.fromEntries(
  (Object.keys(PAGES) as PageKind[]).map((kind) => {
    const body = Buffer.from(RENDERED[kind], 'utf8');
    const headers = { ...PAGE_HEADERS, 'Content-Length': String(body.length), ...(kind === 'method' ? { Allow: 'GET' } : {}) };
    return [kind, Object.freeze({ status: PAGES[kind].status, headers: Object.freeze(Object.entries(headers).flat()), body })];
  }),
) as Record<PageKind, PageResponse>;

export function pageResponse(kind: PageKind): PageResponse {
  return RESPONSES[kind];
}
