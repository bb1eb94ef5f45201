/**
 * The core's default HTTP client: the part of fetch the core's requests use, sent over
 * node:http / node:https with keep-alive and answered with real `Response` objects.
 *
 * Why not global fetch itself: undici's fetch builds Request, Headers and stream objects for
 * every request. In a hot loop on the 2-core development machine it spends about three times
 * the CPU node:http does on the same request; in `npm run bench`, a warm sign-in (two
 * requests) cost 5.6-5.8 ms of CPU over global fetch and 3.9-4.3 ms over this client.
 *
 * It sends what global fetch would send (its default headers included) and fails the way
 * global fetch fails (`TypeError('fetch failed', { cause })`, the abort reason on abort), so
 * error handling is the same whichever is used. Whatever it does not cover goes to global fetch
 * unchanged: a `Request` input, a streamed or multipart body, `redirect` other than 'manual',
 * a non-http(s) URL. So does everything once `globalThis.fetch` has been replaced (test
 * interceptors) or when NODE_USE_ENV_PROXY asks Node's fetch to use the proxy variables.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

/** A response body larger than this is refused (a hostile or broken endpoint). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** undici's default keep-alive time for idle connections; a shorter server hint wins. */
const IDLE_SOCKET_MS = 4_000;
/** undici's default headers and body timeouts: a request never hangs forever. */
const STALL_MS = 300_000;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** Headers about the connection itself: fetch sets or refuses them, so such requests go to it. */
const CONNECTION_HEADERS = new Set(['connection', 'content-length', 'expect', 'host', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const RETRYABLE_ON_REUSED_SOCKET = new Set(['ECONNRESET', 'EPIPE']);
/** The headers global fetch adds when the caller did not set them. */
const DEFAULT_HEADERS: ReadonlyArray<[string, string]> = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];

/** globalThis.fetch as the core found it: anything else installed later is honoured. */
const fetchAtLoad = globalThis.fetch;

export interface HttpTransportOptions {
  /** A deadline for each request, answer included: it then rejects with the same
   *  DOMException 'TimeoutError' that fetch gives for `AbortSignal.timeout`. */
  timeoutMs?: number;
}

export interface HttpTransport {
  readonly fetch: typeof globalThis.fetch;
  /** Closes every connection, idle or not (a request still in flight fails): for dispose. */
  close(): void;
}

interface Plan {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
}

interface Client {
  agent: HttpAgent | HttpsAgent;
  request(url: URL, options: RequestOptions): ClientRequest;
}

export function createHttpTransport(transportOptions: HttpTransportOptions = {}): HttpTransport {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  const http: Client = { agent: new HttpAgent(options), request: httpRequest };
  // node:https (and with it node:tls) is loaded by the first https request, not at startup.
  let https: Promise<Client> | undefined;
  const loadHttps = async (): Promise<Client> => {
    const module = await import('node:https');
    return { agent: new module.Agent(options), request: module.request };
  };

  const fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const plan = globalThis.fetch === fetchAtLoad && !process.env.NODE_USE_ENV_PROXY ? planOf(input, init) : undefined;
    if (!plan) return globalThis.fetch(input, init);
    const client = plan.url.protocol === 'https:' ? await (https ??= loadHttps()) : http;
    const { timeoutMs } = transportOptions;
    const control: Control = {};
    const deadline = timeoutMs === undefined ? undefined : setTimeout(() => control.cancel?.(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
    try {
      const { raw, message } = await send(plan, client, false, control);
      return await toResponse(plan, message, raw);
    } finally {
      clearTimeout(deadline);
    }
  }) as typeof globalThis.fetch;

  return {
    fetch,
    close() {
      http.agent.destroy();
      void https?.then((client) => client.agent.destroy());
    },
  };
}

/** The request to send, or undefined when it is not one this client covers. */
function planOf(input: string | URL | Request, init: RequestInit | undefined): Plan | undefined {
  if (typeof input !== 'string' && !(input instanceof URL)) return undefined;
  if (init?.redirect !== 'manual') return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  const method = (init.method ?? 'GET').toUpperCase();
  if (!NORMALIZED_METHODS.has(method)) return undefined;

  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  };
  const given = init.headers;
  if (given instanceof Headers) given.forEach((value, name) => add(name, value));
  else if (Array.isArray(given)) for (const [name, value] of given as Array<[string, string]>) add(name, value);
  else if (given) for (const [name, value] of Object.entries(given)) add(name, value);
  for (const name of CONNECTION_HEADERS) if (name in headers) return undefined;

  let body: Buffer | undefined;
  let contentType: string | undefined;
  const raw = init.body;
  if (raw === undefined || raw === null) body = undefined;
  else if (typeof raw === 'string') [body, contentType] = [Buffer.from(raw), 'text/plain;charset=UTF-8'];
  else if (raw instanceof URLSearchParams) [body, contentType] = [Buffer.from(raw.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
  else if (raw instanceof ArrayBuffer) body = Buffer.from(raw);
  else if (ArrayBuffer.isView(raw)) body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  else return undefined;
  if (body && (method === 'GET' || method === 'HEAD')) return undefined; // fetch refuses it: let it say so

  if (contentType && !('content-type' in headers)) headers['content-type'] = contentType;
  for (const [name, value] of DEFAULT_HEADERS) if (!(name in headers)) headers[name] = value;
  headers['sec-fetch-mode'] = 'cors'; // fetch's, whatever the caller set
  if (body) headers['content-length'] = String(body.length);
  return { url, method, headers, body, signal: init.signal ?? undefined };
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** Lets the deadline end the request in flight (a retry included). */
interface Control {
  cancel?: (reason: unknown) => void;
}

interface Received {
  message: IncomingMessage;
  raw: Buffer;
}

function send(plan: Plan, client: Client, isRetry: boolean, control: Control): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    const { url, signal } = plan;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let request: ClientRequest;
    let answered = false;
    const onAbort = () => {
      request.destroy();
      settle(() => reject(signal!.reason));
    };
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    try {
      request = client.request(url, { method: plan.method, headers: plan.headers, agent: client.agent });
    } catch (error) {
      // Invalid header names or values, refused synchronously by node:http.
      reject(fetchFailed(error));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    control.cancel = (reason) => {
      request.destroy();
      settle(() => reject(reason));
    };
    request.setTimeout(STALL_MS, () => request.destroy(Object.assign(new Error(`no answer within ${STALL_MS / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed just as it was reused: the request never
      // reached the server, so it is sent once more on a fresh one (what Node's docs advise).
      if (!answered && !isRetry && request.reusedSocket && RETRYABLE_ON_REUSED_SOCKET.has(error.code ?? '')) {
        settle(() => resolve(send(plan, client, true, control)));
        return;
      }
      settle(() => reject(fetchFailed(error)));
    });
    request.on('response', (response: IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          request.destroy(new Error(`the response from ${url.origin} is larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      const incomplete = () => settle(() => reject(fetchFailed(new Error('the connection closed before the response was complete'))));
      response.on('error', (error) => settle(() => reject(fetchFailed(error))));
      response.on('close', () => {
        if (!response.complete) incomplete();
      });
      response.on('end', () => {
        if (!response.complete) incomplete();
        else settle(() => resolve({ message: response, raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }));
      });
    });
    request.end(plan.body);
  });
}

async function toResponse(plan: Plan, message: IncomingMessage, raw: Buffer): Promise<Response> {
  try {
    const status = message.statusCode ?? 0;
    // Name/value pairs, filled straight into the Response's own Headers (no second copy).
    const headers: Array<[string, string]> = [];
    const pairs = message.rawHeaders;
    for (let i = 0; i + 1 < pairs.length; i += 2) headers.push([pairs[i]!, pairs[i + 1]!]);
    const nullBody = NULL_BODY_STATUSES.has(status) || plan.method === 'HEAD';
    const coding = message.headers['content-encoding'];
    const encoding = Array.isArray(coding) ? coding.join(', ') : coding;
    const body = nullBody ? null : encoding && raw.length > 0 ? await decode(raw, encoding) : raw;
    // fetch's url names what was requested, without the fragment. A status outside 200-599
    // (RangeError) or an invalid reason phrase (TypeError) fails the request, where global
    // fetch would hand it over: no provider answers so, and no caller here could use it.
    const href = plan.url.hash ? plan.url.href.slice(0, -plan.url.hash.length) : plan.url.href;
    return new (bufferedResponseClass())(body, { status, statusText: message.statusMessage ?? '', headers }, href);
  } catch (error) {
    throw fetchFailed(error);
  }
}

/** Undoes the content codings global fetch undoes (listed in the order they were applied). */
async function decode(body: Buffer, contentEncoding: string): Promise<Buffer> {
  const { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } = await import('node:zlib');
  const inflateDeflate = (input: Buffer, limit: { maxOutputLength: number }): Buffer => {
    // HTTP's "deflate" is zlib-wrapped; some servers send it raw.
    try {
      return inflateSync(input, limit);
    } catch {
      return inflateRawSync(input, limit);
    }
  };
  const codings = contentEncoding.toLowerCase().split(',').map((coding) => coding.trim()).filter(Boolean);
  let result = body;
  for (const coding of codings.reverse()) {
    const limit = { maxOutputLength: MAX_RESPONSE_BYTES };
    if (coding === 'gzip' || coding === 'x-gzip') result = gunzipSync(result, limit);
    else if (coding === 'deflate') result = inflateDeflate(result, limit);
    else if (coding === 'br') result = brotliDecompressSync(result, limit);
    else if (coding !== 'identity') return body; // unknown coding: handed over as received
  }
  return result;
}

/**
 * A way to get a fresh copy of `response` later, for when it may have to be read again. The
 * default client's responses keep their bytes, so nothing is copied unless it is used; any
 * other fetch's response is cloned now (its body can be read only once).
 */
export function copyLater(response: Response): () => Response {
  const later = BufferedResponseClass?.copier(response);
  if (later) return later;
  const copy = response.clone();
  return () => copy;
}

/** The JSON body of `response`, read without consuming it (the default client's responses
 *  keep their bytes; any other is cloned). */
export function peekJson(response: Response): Promise<unknown> {
  const bytes = BufferedResponseClass?.unreadBytes(response);
  if (bytes) {
    try {
      return Promise.resolve(JSON.parse(new TextDecoder().decode(bytes)) as unknown);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return response.clone().json();
}

let BufferedResponseClass: ReturnType<typeof defineBufferedResponse> | undefined;

/** Defined on first use: reading `Response` makes Node load undici (~25 ms at startup). */
function bufferedResponseClass(): ReturnType<typeof defineBufferedResponse> {
  return (BufferedResponseClass ??= defineBufferedResponse());
}

/**
 * A `Response` whose body is already in memory. Reading it (`json`, `text`, `arrayBuffer`,
 * `blob`, `clone`) hands over the bytes directly, where a Response built around them would
 * pump them through a WHATWG stream first: that alone cost about a third of a request's CPU
 * on the development machine. Touching `body` (the stream) switches it to an ordinary
 * Response over the same bytes, so stream readers see exactly what fetch gives them.
 */
function defineBufferedResponse() {
  const utf8 = new TextDecoder();
  return class BufferedResponse extends Response {
    readonly #bytes: Buffer | null;
    readonly #init: ResponseInit;
    #used = false;
    #streamed: Response | undefined;

    /** The bytes of a BufferedResponse whose body was not read yet; else undefined. */
    static unreadBytes(response: Response): Buffer | undefined {
      if (!(#bytes in response) || response.#used || response.#streamed) return undefined;
      return response.#bytes ?? undefined;
    }

    /** `copyLater` for a BufferedResponse whose body was not read yet; else undefined. */
    static copier(response: Response): (() => Response) | undefined {
      if (!(#bytes in response) || response.#used || response.#streamed) return undefined;
      const { url } = response;
      const bytes = response.#bytes;
      const init = response.#init;
      return () => new BufferedResponse(bytes, { ...init, headers: new Headers(init.headers) }, url);
    }

    static {
      // `body` and `bodyUsed` are accessors of Response.prototype; these answer for the bytes.
      Object.defineProperties(this.prototype, {
        body: {
          configurable: true,
          get(this: BufferedResponse): ReadableStream<Uint8Array> | null {
            return this.#bytes === null ? null : this.#stream().body;
          },
        },
        bodyUsed: {
          configurable: true,
          get(this: BufferedResponse): boolean {
            return this.#streamed ? this.#streamed.bodyUsed : this.#used;
          },
        },
      });
    }

    constructor(bytes: Buffer | null, init: ResponseInit & { headers: HeadersInit }, url: string) {
      super(null, init);
      this.#bytes = bytes;
      this.#init = { status: init.status, statusText: init.statusText, headers: this.headers };
      Object.defineProperty(this, 'url', { value: url, enumerable: true });
    }

    /** The ordinary Response over the same bytes (already read if they were taken). */
    #stream(): Response {
      if (!this.#streamed) {
        this.#streamed = new Response(this.#bytes as Uint8Array<ArrayBuffer> | null, this.#init);
        if (this.#used) void this.#streamed.arrayBuffer();
      }
      return this.#streamed;
    }

    #take(): Buffer {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return this.#bytes ?? Buffer.alloc(0);
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      if (this.#streamed) return this.#streamed.arrayBuffer();
      const bytes = this.#take();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    }

    override async text(): Promise<string> {
      if (this.#streamed) return this.#streamed.text();
      return utf8.decode(this.#take());
    }

    override async json(): Promise<unknown> {
      if (this.#streamed) return this.#streamed.json();
      return JSON.parse(utf8.decode(this.#take())) as unknown;
    }

    override async blob(): Promise<Blob> {
      if (this.#streamed) return this.#streamed.blob();
      return new Blob([this.#take() as Uint8Array<ArrayBuffer>], { type: this.headers.get('content-type') ?? '' });
    }

    override async formData(): Promise<FormData> {
      return this.#stream().formData();
    }

    override clone(): Response {
      if (this.#streamed) {
        const copy = this.#streamed.clone();
        Object.defineProperty(copy, 'url', { value: this.url, enumerable: true });
        return copy;
      }
      if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
      return new BufferedResponse(this.#bytes, { ...this.#init, headers: new Headers(this.headers) }, this.url);
    }
  };
}
