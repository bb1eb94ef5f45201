/**
 * Turns a protected API's answer (the core's `ApiResponse`) into what the renderer shows
 * (`ApiCallResult`): a few telling headers, the body pretty-printed when it is JSON and cut at
 * 64 KB. Pure: tested without Electron or a network.
 */
import type { ApiResponse } from './auth/types.ts';
import type { ApiCallResult } from '#ipc-contract';

/** Headers worth showing, besides every `x-` header. */
export const SHOWN_HEADERS = ['content-type', 'content-length', 'cache-control', 'date', 'www-authenticate', 'x-request-id'];
/** At most this many headers are shown. */
export const MAX_SHOWN_HEADERS = 20;
/** The body is cut here (UTF-8 bytes): the window shows it, it is not a download. */
export const MAX_BODY_BYTES = 64 * 1024;
/** A header value longer than this is cut. */
const MAX_HEADER_LENGTH = 1_024;

/** The headers to show: the named ones first, then `x-` headers, at most {@link MAX_SHOWN_HEADERS}. */
export function pickHeaders(headers: Record<string, string>): Record<string, string> {
  const lowered = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)] as const);
  const named = SHOWN_HEADERS.flatMap((wanted) => lowered.filter(([name]) => name === wanted));
  const extra = lowered.filter(([name]) => name.startsWith('x-') && !SHOWN_HEADERS.includes(name)).sort(([a], [b]) => a.localeCompare(b));
  const picked: Record<string, string> = {};
  for (const [name, value] of [...named, ...extra].slice(0, MAX_SHOWN_HEADERS)) {
    picked[name] = value.length > MAX_HEADER_LENGTH ? `${value.slice(0, MAX_HEADER_LENGTH)}...` : value;
  }
  return picked;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim());
}

/** The body as shown: JSON pretty-printed (when it parses), then cut at {@link MAX_BODY_BYTES}. */
export function formatBody(body: string, contentType: string | undefined): string {
  let text = body;
  if (isJson(contentType)) {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON after all: shown as it came.
    }
  }
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= MAX_BODY_BYTES) return text;
  // Decoding a cut in the middle of a character leaves U+FFFD at the end: drop it.
  const cut = bytes.subarray(0, MAX_BODY_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
  return `${cut}\n... (cut at 64 KB of ${Math.ceil(bytes.byteLength / 1024)} KB)`;
}

/** The renderer's view of an API answer. */
export function toApiCallResult(url: string, response: ApiResponse, durationMs: number): ApiCallResult {
  const contentType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    url,
    status: response.status,
    statusText: response.statusText,
    headers: pickHeaders(response.headers),
    body: formatBody(response.body, contentType),
    ...(contentType === undefined ? {} : { contentType }),
    durationMs: Math.max(0, Math.round(durationMs)),
    retriedAfterRefresh: response.retriedAfterRefresh,
  };
}
