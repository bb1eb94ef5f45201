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

// The app's icon at 32 px (build/icons/32x32.png), refreshed by `npm run icons`.
const FAVICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAFcElEQVR4nK2WaWwVVRTHzwTcaIGiWBAToYEYZQlIbWnoTtkCBYqyU+WVSPQDmwkhfoEWPhnDZsCAkAgmLRQQeKGssnQBCrQibUAlaoMbrdQEy+YS5Y2/M/Pm7a99qOfee37/e+6dc+4Mb6YYEmAFSy8n/NbmWeIRT4GY5jBTTIF06GhaEE2PtebscYjAe8lANODdj8Z3eb9qR24bAct8Bxgz/5JLPOZ6tidwBZeyXclA0NG0IMZe3EeEFn+7dv/kHYJZB/AW38423YD3koGgo2lB/BfFHSLoZtEF99Qdhj72+20PrhN66DtPT37K4pn6XyyygPeSgQgjgm5y52bbY2IkGWNd9SWkKybKsn8Dgo6mBbL/c11kfFYvGZfVW7rGPcI+kbv3/5Jj1c1ytPqGfHP9DtvYy/5QIugQrTQMzypjtKv+MrNhhIjjGQg6mqaM69JJxmUmyvjMXjKgXzzr0U0PcKTqJzla9aN1sKB8DISf/DCN0fPqmBJQz0DQ0bT04T2swhkv9yT+8FZzsUUOc5Az0MkdSiNv3kWd0e0AAm/KwS0jJD6uM7H/bvokxhYeIjX5yR1II+/1C9AOEMHbPF2aQez/s7SC/XiykzuQxqjXzqO0E6Q5rCzNZEN0a279XWrqWlEiWamJ0ifxCVR0SyvYR2rykzuQHKBWlU6JqbdZWZbFpsh2qPKGrN50FeW3lQsHS37us6jINmLKJ3iyk9tHhjGq8BywJ9os8p5X7cyRSPY1v/LCZedR4ebenBX1SYyYspe85KeGRR1oI7fwrEaQBJQUR3CAXBhu23Z/K9v2NKHCbcGM/rJg5gBUuKVO3oPX/HYdHNADzD0DCKj3FteF6l2j0OG27qNrUn74e1S4tX+A3VZeHDO7htLImVujM7q/uLJ6Vx4Mt6qLN2X5ew2ocNu8KkWSBz+JCreUSeWktXM7NZRGzpxqGFxcWVM+Gh3ZVm28wgemGeW3iTl9pHjREFRkS8nfhbdzB9LInl2J8gcc1pSPgdFN34RLV2+hxLrr9t4AtZT8nb7cgeQAp6E/oETInk2Z0vvpyL9ofROq61vhXWYizyd1leyURNiNWbi1tN6XSUVulL+GRZ68kTXrlCo7ABF4UzYWp8iwgcH/nvpJ1fe/2vsBCrVsPkj6PXD+Sjp26cpNefOdE6QmP7ktUhylBzjJnAATVvA2p0/oK4tdLxL3W+GyWt9dRzN9GqVrRqL8tm7rZ1Lm/gpFdnI7xZmIkTnzhCq6hrxkPJP4uOz9IJeLbNN/c737WEyfQuBvYlLRfmm+ec/KG1hcGwf4FNJpFhkIi+8uT5bM1N7MRd5aWSeff/ErqmMbPqiHbFmdihKpONkkJevOWflCiyuNzBnHgT2xNqEdDujXVT5ek43mQ/LqcXzsVrdvHF5kzsIKudZ0i3ThxXFiZMw4xly7HQjlzIlJsmT+EN8rF6vpq7l2a72UHfiSNJGLaw0jY/pR6A8EEkE3ZcXil2RCbl9isZs++uK1Z8kRvbjSSJ92BOUPOETQIVr5xqwXGAOZd2xbyxplS2kDl7ZfXGmkTz/cYHrMoU5AiaBDdCCTB/eUFUtSeEPiiIVbC7/0kvXnpL7xZy7puDhoNEZOqyhBFJsaQLBCh+hoXDB7kOTnJfkO0tJ6TypONMmH3Lm1J6biUPhveY6rMuHPO3e+E5HuVpDBavvUgc5Os9/1ytof8M5abMVxtzt1i+tnoGTkKwdd/EXcbtoL0i51ODqUMRbXZhjm1CunFrmtA6ilFRxwsbqBTd0h+9gcSh2ODmWMxXG3xTBdWpyJ+A6gllNwIOEP+Xupx2MWMB1qXRR8MYjAmIpLoykP3J27xW9ocBe1sWDZP2wsWOTLagypAAAAAElFTkSuQmCC';

/** Response headers for every page: no caching, no referrer, nothing but the pinned style. */
const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; img-src data:; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
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
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><link rel="icon" href="${FAVICON}"><title>${page.title} – ${APP_NAME}</title><style>${STYLE}</style></head><body><main><p class="app">${APP_NAME}</p><h1>${page.title}</h1><p>${page.text}</p></main></body></html>`,
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
