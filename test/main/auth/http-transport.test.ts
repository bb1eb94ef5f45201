/**
 * The core's default HTTP client against real servers on 127.0.0.1: what it sends and answers
 * is compared with what global fetch sends and answers for the same call, and what it does not
 * cover is shown to reach global fetch. Where it knowingly differs from global fetch (this
 * Node's undici), the tests in "where it differs from global fetch" pin both behaviours.
 *
 * The TLS test reads test/support/fixtures/self-signed-localhost.{key,crt}: a throwaway
 * self-signed key and certificate for 127.0.0.1/localhost, made with
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost
 * They are test-only, never trusted by anything (that is the point of the test), and guard
 * nothing.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../support/net.ts';
import { copyLater, createHttpTransport, peekJson, MAX_RESPONSE_BYTES, type HttpTransport } from '../../../main/auth/http-transport.ts';

const TLS_KEY = readFileSync(new URL('../../support/fixtures/self-signed-localhost.key', import.meta.url));
const TLS_CERT = readFileSync(new URL('../../support/fixtures/self-signed-localhost.crt', import.meta.url));

/** One request as a server saw it. */
interface Received {
  method: string;
  url: string;
  /** Header names lower-cased, sorted by name (repeated names keep their order). */
  headers: Array<[string, string]>;
  body: Buffer;
  socket: Socket;
  /** 1 for the first request on its connection, 2 for the second, ... */
  onSocket: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

interface TestServer {
  server: HttpServer;
  base: string;
  port: number;
  received: Received[];
  connections(): number;
}

const servers: NetServer[] = [];
const sockets = new Set<Socket>();
let transport: HttpTransport;

/** Every socket of `server` is destroyed after the test, so closing it never waits. */
function track<T extends NetServer>(server: T): T {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}

async function listen(server: NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function lowerCased(rawHeaders: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!.toLowerCase(), rawHeaders[i + 1]!]);
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const answerOk: Handler = (_req, res) => res.end('ok');

/** A node:http server that records every request (body included) before `handler` answers it. */
async function httpServer(handler: Handler = answerOk): Promise<TestServer> {
  const received: Received[] = [];
  const perSocket = new WeakMap<Socket, number>();
  let connections = 0;
  const server = track(
    createServer((req, res) => {
      const onSocket = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, onSocket);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const record: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: lowerCased(req.rawHeaders),
          body: Buffer.concat(chunks),
          socket: req.socket,
          onSocket,
        };
        received.push(record);
        handler(req, res, record);
      });
    }),
  );
  server.on('connection', () => connections++);
  const port = await listen(server);
  return { server, base: `http://127.0.0.1:${port}`, port, received, connections: () => connections };
}

/** A raw TCP server, for answers node:http would refuse to write: `answer` gets each connection's first bytes. */
async function netServer(answer: (socket: Socket, firstData: Buffer) => void): Promise<{ base: string }> {
  const server = track(
    createNetServer((socket) => {
      socket.once('data', (data) => answer(socket, data));
      socket.on('error', () => {});
    }),
  );
  return { base: `http://127.0.0.1:${await listen(server)}` };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & { cause?: Error & { code?: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { cause?: Error & { code?: string } };
  }
  throw new Error('expected a rejection, got a response');
}

/**
 * Resolves when the server's end of `socket` has closed. Bounded at 1 s, far above loopback
 * latency and far below the 4 s idle timeout that would otherwise close a kept-alive socket
 * anyway, so "closed because the client closed it" cannot pass by waiting for that timeout.
 */
function closed(socket: Socket): Promise<void> {
  return within(1000, 'the socket to close', new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve()))));
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const manual = { redirect: 'manual' } as const;

/**
 * Which client carried the request `run` makes: the transport sends over its own kept-alive
 * connection to `server` (opened here by a request it covers, and shown to be free for reuse
 * right after `run`), global fetch over undici's connections, never that one.
 */
async function carrierOf(server: TestServer, run: () => Promise<Response>): Promise<'transport' | 'global fetch'> {
  await (await transport.fetch(`${server.base}/own`, manual)).text();
  const own = server.received.at(-1)!.socket;
  const from = server.received.length;
  const response = await run();
  await response.arrayBuffer();
  const used = server.received.slice(from).map((entry) => entry.socket);
  await (await transport.fetch(`${server.base}/own`, manual)).text();
  expect(server.received.at(-1)!.socket, 'the transport’s connection was free for reuse').toBe(own);
  expect(used.length).toBeGreaterThan(0);
  if (used.every((socket) => socket === own)) return 'transport';
  if (used.every((socket) => socket !== own)) return 'global fetch';
  throw new Error('the request went over both clients');
}

beforeEach(() => {
  // The suite is about the transport's own path: no proxy variable may send it elsewhere.
  vi.stubEnv('NODE_USE_ENV_PROXY', undefined);
  transport = createHttpTransport();
});

afterEach(async () => {
  transport.close();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('createHttpTransport: parity with global fetch', () => {
  const respondLikeAProvider: Handler = (req, res) => {
    res.statusCode = 200;
    res.statusMessage = 'Fine Thanks';
    res.setHeader('date', 'Tue, 01 Dec 2026 10:00:00 GMT'); // fixed, so both answers match exactly
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('set-cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  };

  it.each([
    {
      name: 'a token-style POST (URLSearchParams body, plain-object headers)',
      path: '/token?tenant=a%20b&x=1#fragment',
      init: {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'a b+c/ä', redirect_uri: 'http://127.0.0.1:1234/callback' }),
        headers: { Accept: 'application/json', Authorization: 'Basic Y2xpZW50OnNlY3JldA==', DPoP: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' },
        redirect: 'manual',
      } as RequestInit,
    },
    {
      name: 'a discovery-style GET',
      path: '/.well-known/openid-configuration?a=1&b=%20#frag',
      init: { headers: { accept: 'application/json', 'X-Request-Id': '42' }, redirect: 'manual' } as RequestInit,
    },
  ])('$name: the server receives the same request and the caller the same Response', async ({ path, init }) => {
    const server = await httpServer(respondLikeAProvider);
    const url = `${server.base}${path}`;
    const ours = await transport.fetch(url, init);
    const theirs = await globalThis.fetch(url, init);
    const [sentByUs, sentByThem] = server.received;

    expect(server.received).toHaveLength(2);
    expect(sentByUs!.method).toBe(sentByThem!.method);
    expect(sentByUs!.url).toBe(sentByThem!.url);
    expect(sentByUs!.url).toBe(path.replace(/#.*/, ''));
    // The lower-cased header set is identical: names, values, and host and connection too.
    expect(sentByUs!.headers).toEqual(sentByThem!.headers);
    expect(new Map(sentByUs!.headers).get('host')).toBe(`127.0.0.1:${server.port}`);
    expect(new Map(sentByUs!.headers).get('connection')).toBe('keep-alive');
    expect(sentByUs!.body.equals(sentByThem!.body)).toBe(true);
    if (init.body) expect(sentByUs!.body.toString()).toBe(init.body.toString());

    expect(ours.status).toBe(theirs.status);
    expect(ours.statusText).toBe('Fine Thanks');
    expect(ours.statusText).toBe(theirs.statusText);
    expect(ours.ok).toBe(theirs.ok);
    expect(ours.redirected).toBe(false);
    expect(ours.redirected).toBe(theirs.redirected);
    expect([...ours.headers]).toEqual([...theirs.headers]);
    expect(ours.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    expect(ours.headers.getSetCookie()).toEqual(theirs.headers.getSetCookie());
    expect(ours.headers.get('set-cookie')).toBe(theirs.headers.get('set-cookie'));
    expect(ours.url).toBe(url.replace(/#.*/, ''));
    expect(ours.url).toBe(theirs.url);
    const ourJson: unknown = await ours.clone().json();
    expect(ourJson).toEqual(await theirs.clone().json());
    expect(ourJson).toEqual({ method: init.method ?? 'GET', url: path.replace(/#.*/, '') });
    expect(await ours.text()).toBe(await theirs.text());
  });

  it('names an origin-only URL with its trailing slash, as fetch does', async () => {
    const server = await httpServer();
    const ours = await transport.fetch(server.base, manual);
    const theirs = await globalThis.fetch(server.base, manual);
    expect(ours.url).toBe(`${server.base}/`);
    expect(ours.url).toBe(theirs.url);
    expect(server.received.map((entry) => entry.url)).toEqual(['/', '/']);
  });

  it('takes a URL object as well as a string', async () => {
    const server = await httpServer();
    const response = await transport.fetch(new URL(`${server.base}/as-url?q=1`), manual);
    expect(await response.text()).toBe('ok');
    expect(response.url).toBe(`${server.base}/as-url?q=1`);
    expect(server.received[0]!.url).toBe('/as-url?q=1');
  });
});

describe('createHttpTransport: request bodies and headers', () => {
  const view = new Uint8Array([9, 8, 7, 6, 5]);
  it.each([
    { kind: 'a string', method: 'POST', body: 'héllo wörld', contentType: 'text/plain;charset=UTF-8', bytes: Buffer.from('héllo wörld') },
    {
      kind: 'URLSearchParams',
      method: 'POST',
      body: new URLSearchParams({ a: '1 2', b: 'ä&=' }),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      bytes: Buffer.from('a=1+2&b=%C3%A4%26%3D'),
    },
    { kind: 'a Uint8Array (a view into a larger buffer)', method: 'POST', body: new Uint8Array(view.buffer, 1, 3), contentType: undefined, bytes: Buffer.from([8, 7, 6]) },
    { kind: 'an ArrayBuffer', method: 'PUT', body: new Uint8Array([1, 2, 255]).buffer, contentType: undefined, bytes: Buffer.from([1, 2, 255]) },
    { kind: 'no body (POST)', method: 'POST', body: undefined, contentType: undefined, bytes: Buffer.alloc(0) },
    { kind: 'no body (PUT)', method: 'PUT', body: undefined, contentType: undefined, bytes: Buffer.alloc(0) },
    { kind: 'a null body (DELETE)', method: 'DELETE', body: null, contentType: undefined, bytes: Buffer.alloc(0) },
  ])('$kind: same bytes, content-type and content-length as global fetch', async ({ method, body, contentType, bytes }) => {
    const server = await httpServer();
    const init: RequestInit = { method, body, redirect: 'manual' };
    await (await transport.fetch(`${server.base}/body`, init)).text();
    await (await globalThis.fetch(`${server.base}/body`, init)).text();
    const [ours, theirs] = server.received;

    expect(ours!.method).toBe(method);
    expect(ours!.body.equals(bytes)).toBe(true);
    expect(theirs!.body.equals(bytes)).toBe(true);
    expect(ours!.headers).toEqual(theirs!.headers);
    const headers = new Map(ours!.headers);
    expect(headers.get('content-type')).toBe(contentType);
    // A POST or PUT without a body still says content-length: 0; a bodiless DELETE says nothing.
    expect(headers.get('content-length')).toBe(method === 'DELETE' ? undefined : String(bytes.length));
  });

  it('keeps the content-type the caller set, whatever its case, and sends it once', async () => {
    const server = await httpServer();
    const init: RequestInit = { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' }, redirect: 'manual' };
    await (await transport.fetch(server.base, init)).text();
    await (await globalThis.fetch(server.base, init)).text();
    const [ours, theirs] = server.received;
    expect(ours!.headers.filter(([name]) => name === 'content-type')).toEqual([['content-type', 'application/json']]);
    expect(ours!.headers).toEqual(theirs!.headers);
  });

  it('takes headers as a Headers instance or as [name, value] pairs, repeated names joined as fetch joins them', async () => {
    const server = await httpServer();
    const inits: RequestInit[] = [
      { headers: new Headers({ 'X-One': '1', Accept: 'application/jwk-set+json' }), redirect: 'manual' },
      {
        headers: [
          ['x-two', 'a'],
          ['X-Two', 'b'],
          ['accept', 'text/plain'],
        ],
        redirect: 'manual',
      },
    ];
    for (const init of inits) {
      await (await transport.fetch(server.base, init)).text();
      await (await globalThis.fetch(server.base, init)).text();
    }
    const [fromHeaders, fromHeadersGlobal, fromPairs, fromPairsGlobal] = server.received;
    expect(fromHeaders!.headers).toEqual(fromHeadersGlobal!.headers);
    expect(fromPairs!.headers).toEqual(fromPairsGlobal!.headers);
    expect(new Map(fromHeaders!.headers).get('x-one')).toBe('1');
    expect(new Map(fromHeaders!.headers).get('accept')).toBe('application/jwk-set+json');
    expect(fromPairs!.headers.filter(([name]) => name === 'x-two')).toEqual([['x-two', 'a, b']]);
    expect(new Map(fromPairs!.headers).get('accept')).toBe('text/plain');
  });

  it('sends the default headers global fetch adds, and lets the caller override each one', async () => {
    const server = await httpServer();
    // sec-fetch-mode is left out: global fetch always sends 'cors' (see the differences below).
    const overrides = { accept: 'application/json', 'accept-language': 'en', 'user-agent': 'my-app/1.0', 'accept-encoding': 'identity' };
    await (await transport.fetch(server.base, manual)).text();
    await (await transport.fetch(server.base, { headers: overrides, redirect: 'manual' })).text();
    await (await globalThis.fetch(server.base, { headers: overrides, redirect: 'manual' })).text();
    const [defaults, overridden, overriddenGlobal] = server.received;
    expect(new Map(defaults!.headers)).toEqual(
      new Map([
        ['accept', '*/*'],
        ['accept-encoding', 'gzip, deflate'],
        ['accept-language', '*'],
        ['connection', 'keep-alive'],
        ['host', `127.0.0.1:${server.port}`],
        ['sec-fetch-mode', 'cors'],
        ['user-agent', 'node'],
      ]),
    );
    expect(overridden!.headers).toEqual(overriddenGlobal!.headers);
    for (const [name, value] of Object.entries(overrides)) expect(overridden!.headers.filter(([n]) => n === name)).toEqual([[name, value]]);
  });
});

describe('createHttpTransport: responses without a body, and redirects left to the caller', () => {
  it.each([204, 205, 304])('%i has a null body, as with global fetch', async (status) => {
    const server = await httpServer((_req, res) => {
      res.writeHead(status, { etag: '"v1"' });
      res.end();
    });
    const ours = await transport.fetch(server.base, manual);
    const theirs = await globalThis.fetch(server.base, manual);
    expect(ours.status).toBe(status);
    expect(ours.body).toBeNull();
    expect(theirs.body).toBeNull();
    expect(ours.headers.get('etag')).toBe('"v1"');
    expect(await ours.text()).toBe('');
  });

  it('HEAD has a null body and keeps the headers', async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' });
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    });
    const ours = await transport.fetch(server.base, { method: 'HEAD', redirect: 'manual' });
    const theirs = await globalThis.fetch(server.base, { method: 'HEAD', redirect: 'manual' });
    expect(server.received.map((entry) => entry.method)).toEqual(['HEAD', 'HEAD']);
    expect(ours.status).toBe(200);
    expect(ours.body).toBeNull();
    expect(theirs.body).toBeNull();
    expect(ours.headers.get('content-length')).toBe('5');
    expect(ours.headers.get('content-type')).toBe('text/plain');
    // Global fetch asked for connection: close on its HEAD (see the differences below), so only
    // the headers that do not depend on that (or on the clock) are compared.
    const comparable = (response: Response) => [...response.headers].filter(([name]) => !['connection', 'keep-alive', 'date'].includes(name));
    expect(comparable(ours)).toEqual(comparable(theirs));
  });

  it('returns a 302 as it came (redirect: manual), location readable, nothing followed', async () => {
    const server = await httpServer((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/elsewhere?x=1' }).end('moved');
      else res.end('followed');
    });
    const ours = await transport.fetch(`${server.base}/start`, manual);
    expect(ours.status).toBe(302);
    expect(ours.statusText).toBe('Found');
    expect(ours.redirected).toBe(false);
    expect(ours.url).toBe(`${server.base}/start`);
    expect(ours.headers.get('location')).toBe('/elsewhere?x=1');
    expect(await ours.text()).toBe('moved');
    expect(server.received.map((entry) => entry.url)).toEqual(['/start']);

    const theirs = await globalThis.fetch(`${server.base}/start`, manual);
    expect(theirs.status).toBe(302);
    expect(theirs.headers.get('location')).toBe(ours.headers.get('location'));
    expect(await theirs.text()).toBe('moved');
  });
});

describe('createHttpTransport: content codings', () => {
  const text = 'hello, coded world '.repeat(20);
  it.each([
    { coding: 'gzip', encoded: gzipSync(text), note: '' },
    { coding: 'x-gzip', encoded: gzipSync(text), note: '' },
    { coding: 'deflate', encoded: deflateSync(text), note: '(zlib-wrapped)' },
    { coding: 'deflate', encoded: deflateRawSync(text), note: '(raw)' },
    { coding: 'br', encoded: brotliCompressSync(text), note: '' },
    { coding: 'GZIP', encoded: gzipSync(text), note: '(any case)' },
    { coding: 'deflate, gzip', encoded: gzipSync(deflateSync(text)), note: '(stacked, undone last-applied first)' },
  ])('$coding $note: decoded, like global fetch, headers kept as received', async ({ coding, encoded }) => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-encoding': coding, 'content-length': String(encoded.length) }).end(encoded));
    const ours = await transport.fetch(server.base, manual);
    const theirs = await globalThis.fetch(server.base, manual);
    expect(ours.headers.get('content-encoding')).toBe(coding);
    expect(ours.headers.get('content-length')).toBe(String(encoded.length));
    const body = await ours.text();
    expect(body).toBe(text);
    expect(body).toBe(await theirs.text());
  });

  it.each([
    { coding: 'x-custom', payload: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x41]), note: '' },
    { coding: 'x-custom, gzip', payload: gzipSync('unknown underneath'), note: '(under a known one: not even the gzip is undone)' },
  ])('hands an unknown coding ($coding) over byte for byte, like global fetch $note', async ({ coding, payload }) => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-encoding': coding }).end(payload));
    const ours = Buffer.from(await (await transport.fetch(server.base, manual)).arrayBuffer());
    const theirs = Buffer.from(await (await globalThis.fetch(server.base, manual)).arrayBuffer());
    expect(ours.equals(payload)).toBe(true);
    expect(theirs.equals(payload)).toBe(true);
  });

  it('refuses a compressed body that expands past MAX_RESPONSE_BYTES (global fetch has no such limit)', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 1));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const error = await rejectionOf(transport.fetch(server.base, manual));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause).toBeInstanceOf(RangeError);
  });
});

describe('createHttpTransport: what it hands to global fetch', () => {
  it('(control) a request it covers goes over its own connection, so the check below can tell', async () => {
    const server = await httpServer();
    expect(await carrierOf(server, () => transport.fetch(`${server.base}/covered`, manual))).toBe('transport');
  });

  it('a Request input', async () => {
    const server = await httpServer();
    const carrier = await carrierOf(server, () => transport.fetch(new Request(`${server.base}/request`, { redirect: 'manual' })));
    expect(carrier).toBe('global fetch');
    expect(server.received.map((entry) => entry.url)).toContain('/request');
  });

  it.each([
    { name: 'no init at all', init: undefined },
    { name: 'init without redirect', init: { headers: { accept: 'text/plain' } } },
    { name: "redirect: 'follow'", init: { redirect: 'follow' } as RequestInit },
  ])('redirects followed ($name): exactly what global fetch does, because global fetch does it', async ({ init }) => {
    const server = await httpServer((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/final' }).end();
      else res.end(`arrived at ${req.url}`);
    });
    let ours: Response | undefined;
    const carrier = await carrierOf(server, async () => (ours = await transport.fetch(`${server.base}/start`, init)).clone());
    expect(carrier).toBe('global fetch');
    const theirs = await globalThis.fetch(`${server.base}/start`, init);
    expect(ours!.status).toBe(200);
    expect(ours!.redirected).toBe(true);
    expect(ours!.url).toBe(`${server.base}/final`);
    expect(await ours!.text()).toBe('arrived at /final');
    expect([ours!.status, ours!.redirected, ours!.url]).toEqual([theirs.status, theirs.redirected, theirs.url]);
    expect(server.received.filter((entry) => entry.url !== '/own').map((entry) => entry.url)).toEqual(['/start', '/final', '/start', '/final']);
  });

  it("redirect: 'error' rejects on a redirect exactly as global fetch does", async () => {
    const server = await httpServer((_req, res) => res.writeHead(302, { location: '/final' }).end());
    const ours = await rejectionOf(transport.fetch(server.base, { redirect: 'error' }));
    const theirs = await rejectionOf(globalThis.fetch(server.base, { redirect: 'error' }));
    expect(ours).toBeInstanceOf(TypeError);
    expect([ours.message, ours.cause?.message]).toEqual([theirs.message, theirs.cause?.message]);
  });

  it.each([
    { kind: 'a Blob', body: () => new Blob(['blob body'], { type: 'text/x-blob' }), check: (r: Received) => expect([r.body.toString(), new Map(r.headers).get('content-type')]).toEqual(['blob body', 'text/x-blob']) },
    {
      kind: 'FormData',
      body: () => {
        const form = new FormData();
        form.set('field', 'value');
        return form;
      },
      check: (r: Received) => {
        expect(new Map(r.headers).get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
        expect(r.body.toString()).toContain('value');
      },
    },
  ])('a body it does not cover: $kind', async ({ body, check }) => {
    const server = await httpServer();
    const carrier = await carrierOf(server, () => transport.fetch(`${server.base}/upload`, { method: 'POST', body: body(), redirect: 'manual' }));
    expect(carrier).toBe('global fetch');
    check(server.received.find((entry) => entry.url === '/upload')!);
  });

  it('a data: URL, which only global fetch can answer', async () => {
    const response = await transport.fetch('data:text/plain,hello%20data', manual);
    expect(await response.text()).toBe('hello data');
  });

  it.each([
    { name: 'an ftp: URL', url: () => 'ftp://127.0.0.1/file', init: manual as RequestInit },
    { name: 'a file: URL', url: () => 'file:///etc/hostname', init: manual as RequestInit },
    { name: 'a URL with credentials', url: (base: string) => base.replace('http://', 'http://user:pass@'), init: manual as RequestInit },
    { name: 'a GET with a body', url: (base: string) => base, init: { body: 'x', redirect: 'manual' } as RequestInit },
    { name: 'a TRACE request', url: (base: string) => base, init: { method: 'TRACE', redirect: 'manual' } as RequestInit },
    { name: 'an invalid method', url: (base: string) => base, init: { method: 'BAD METHOD', redirect: 'manual' } as RequestInit },
  ])('$name: rejects exactly as global fetch rejects', async ({ url, init }) => {
    const server = await httpServer();
    const ours = await rejectionOf(transport.fetch(url(server.base), init));
    const theirs = await rejectionOf(globalThis.fetch(url(server.base), init));
    expect(ours).toBeInstanceOf(TypeError);
    expect(ours.constructor).toBe(theirs.constructor);
    expect([ours.message, ours.cause?.message]).toEqual([theirs.message, theirs.cause?.message]);
    expect(server.received).toHaveLength(0);
  });

  it('everything, once globalThis.fetch has been replaced after the module loaded', async () => {
    const server = await httpServer();
    const answer = new Response('from the replacement');
    const replacement = vi.fn(async (..._args: Parameters<typeof globalThis.fetch>) => answer);
    vi.stubGlobal('fetch', replacement);
    const init: RequestInit = { method: 'POST', body: 'x', redirect: 'manual' };
    const url = `${server.base}/intercepted`;
    const response = await transport.fetch(url, init);
    expect(response).toBe(answer);
    expect(replacement).toHaveBeenCalledTimes(1);
    expect(replacement.mock.calls[0]![0]).toBe(url);
    expect(replacement.mock.calls[0]![1]).toBe(init);
    expect(server.received).toHaveLength(0);

    vi.unstubAllGlobals();
    expect(await (await transport.fetch(url, init)).text()).toBe('ok');
    expect(replacement).toHaveBeenCalledTimes(1);
    expect(server.received).toHaveLength(1);
  });

  it('everything, while NODE_USE_ENV_PROXY is set', async () => {
    // A replaced globalThis.fetch alone sends everything to it, so the observing spy is installed
    // before a fresh copy of the module loads: to that copy the spy *is* global fetch, and only
    // the variable decides.
    const server = await httpServer();
    const realFetch = globalThis.fetch;
    const spy = vi.fn((...args: Parameters<typeof globalThis.fetch>) => realFetch(...args));
    vi.stubGlobal('fetch', spy);
    vi.resetModules();
    const fresh = (await import('../../../main/auth/http-transport.ts')).createHttpTransport();
    try {
      const url = `${server.base}/proxied`;
      expect(await (await fresh.fetch(url, manual)).text()).toBe('ok');
      expect(spy).not.toHaveBeenCalled(); // control: without the variable it sends itself

      vi.stubEnv('NODE_USE_ENV_PROXY', '1');
      expect(await (await fresh.fetch(url, manual)).text()).toBe('ok');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]).toEqual([url, manual]);
      expect(server.received).toHaveLength(2);
    } finally {
      fresh.close();
    }
  });
});

/** Both the transport and global fetch reject `url` with TypeError 'fetch failed', cause `code`. */
async function expectBothFetchFailed(url: string, code: string): Promise<void> {
  for (const fetch of [transport.fetch, globalThis.fetch]) {
    const error = await rejectionOf(fetch(url, manual));
    expect([error.constructor, error.message, error.cause?.code]).toEqual([TypeError, 'fetch failed', code]);
  }
}

describe('createHttpTransport: failures shaped like global fetch’s', () => {
  it('connection refused: TypeError "fetch failed", cause ECONNREFUSED', async () => {
    await expectBothFetchFailed(`http://127.0.0.1:${await freePort()}/`, 'ECONNREFUSED');
  });

  it('an invalid header from the caller: TypeError, nothing sent', async () => {
    const server = await httpServer();
    for (const headers of [{ 'x-bad': 'a\nb' }, { 'bad name': 'a' }] as Array<Record<string, string>>) {
      const ours = await rejectionOf(transport.fetch(server.base, { headers, redirect: 'manual' }));
      const theirs = await rejectionOf(globalThis.fetch(server.base, { headers, redirect: 'manual' }));
      expect(ours).toBeInstanceOf(TypeError);
      expect(theirs).toBeInstanceOf(TypeError);
      // Global fetch says "Headers.append: ... is an invalid header value/name." (no cause);
      // the transport says "fetch failed" with node:http's error as the cause.
      expect(ours.message).toBe('fetch failed');
      expect(ours.cause?.code).toMatch(/^ERR_INVALID_(CHAR|HTTP_TOKEN)$/);
      expect(theirs.message).toMatch(/^Headers\.append: .* is an invalid header (value|name)\.$/s);
    }
    expect(server.received).toHaveLength(0);
  });

  it('the server drops the connection mid-body: TypeError "fetch failed" from fetch() itself', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789', () => res.destroy());
    });
    const ours = await rejectionOf(transport.fetch(server.base, manual));
    expect(ours).toBeInstanceOf(TypeError);
    expect(ours.message).toBe('fetch failed');
    expect(ours.cause).toBeInstanceOf(Error);

    // Difference: global fetch resolves with the headers and fails when the body is read.
    const theirs = await globalThis.fetch(server.base, manual);
    expect(theirs.status).toBe(200);
    const bodyError = await rejectionOf(theirs.text());
    expect([bodyError.constructor, bodyError.message]).toEqual([TypeError, 'terminated']);
  });

  it('accepts a body of exactly MAX_RESPONSE_BYTES', async () => {
    const server = await httpServer((_req, res) => res.end(Buffer.alloc(MAX_RESPONSE_BYTES, 0x61)));
    const body = await (await transport.fetch(server.base, manual)).arrayBuffer();
    expect(body.byteLength).toBe(MAX_RESPONSE_BYTES);
  });

  it('refuses a longer body while it streams, and goes away so the server stops', async () => {
    let streamed = 0;
    let serverGaveUp: Promise<boolean> | undefined;
    const server = await httpServer((_req, res) => {
      // An endless chunked body, written as fast as the client takes it, until the client leaves.
      serverGaveUp = new Promise((resolve) => res.once('close', () => resolve(!res.writableFinished)));
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      const pump = () => {
        while (!res.destroyed) {
          streamed += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    // Bounded: a transport without the limit would buffer the endless body until the test timed out.
    const error = await rejectionOf(within(2000, 'the transport to refuse the body', transport.fetch(server.base, manual)));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause?.message).toBe(`the response from ${server.base} is larger than ${MAX_RESPONSE_BYTES} bytes`);
    expect(await within(1000, 'the server to see the client go', serverGaveUp!)).toBe(true);
    expect(streamed).toBeGreaterThan(MAX_RESPONSE_BYTES);
  });

  it('refuses a gzip body that is not gzip: TypeError "fetch failed" from fetch() itself', async () => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'));
    const ours = await rejectionOf(transport.fetch(server.base, manual));
    expect([ours.constructor, ours.message, ours.cause?.code]).toEqual([TypeError, 'fetch failed', 'Z_DATA_ERROR']);
    // Difference: global fetch resolves, and reading the body fails.
    const theirs = await globalThis.fetch(server.base, manual);
    const bodyError = await rejectionOf(theirs.text());
    expect([bodyError.constructor, bodyError.message, (bodyError.cause as { code?: string } | undefined)?.code]).toEqual([TypeError, 'terminated', 'Z_DATA_ERROR']);
  });

  it.each([
    { name: 'status 600', statusLine: 'HTTP/1.1 600 Beyond', cause: RangeError, theirStatus: 600, theirStatusText: 'Beyond' },
    { name: 'status 999', statusLine: 'HTTP/1.1 999 Way Beyond', cause: RangeError, theirStatus: 999, theirStatusText: 'Way Beyond' },
    { name: 'a reason phrase with a control character', statusLine: 'HTTP/1.1 200 Bad\x01Reason', cause: TypeError, theirStatus: 200, theirStatusText: 'Bad\x01Reason' },
  ])('$name from a raw server: TypeError "fetch failed" (global fetch accepts it)', async ({ statusLine, cause, theirStatus, theirStatusText }) => {
    const server = await netServer((socket) => socket.end(`${statusLine}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi`));
    const ours = await rejectionOf(transport.fetch(server.base, manual));
    expect(ours).toBeInstanceOf(TypeError);
    expect(ours.message).toBe('fetch failed');
    expect(ours.cause).toBeInstanceOf(cause);
    // Difference: this Node's global fetch resolves with what the server said.
    const theirs = await globalThis.fetch(server.base, manual);
    expect([theirs.status, theirs.statusText, await theirs.text()]).toEqual([theirStatus, theirStatusText, 'hi']);
  });
});

describe('createHttpTransport: abort', () => {
  it.each([
    { name: 'a reason of its own', reason: () => new Error('cancelled by the user') },
    { name: 'no reason (an AbortError DOMException)', reason: () => undefined },
  ])('an already-aborted signal ($name) rejects with the signal’s reason, sending nothing', async ({ reason }) => {
    const server = await httpServer();
    const controller = new AbortController();
    controller.abort(reason());
    const ours = await rejectionOf(transport.fetch(server.base, { signal: controller.signal, redirect: 'manual' }));
    const theirs = await rejectionOf(globalThis.fetch(server.base, { signal: controller.signal, redirect: 'manual' }));
    expect(ours).toBe(controller.signal.reason);
    expect(theirs).toBe(controller.signal.reason);
    // Nothing was sent: the next request is the server's first, on its first connection.
    expect(await (await transport.fetch(`${server.base}/after`, manual)).text()).toBe('ok');
    expect(server.received.map((entry) => entry.url)).toEqual(['/after']);
    expect(server.connections()).toBe(1);
  });

  it('AbortSignal.timeout against a server that never answers: a TimeoutError DOMException, socket closed', async () => {
    const arrived: Socket[] = [];
    const server = await httpServer((req) => arrived.push(req.socket)); // never answers
    const ours = await rejectionOf(transport.fetch(server.base, { signal: AbortSignal.timeout(50), redirect: 'manual' }));
    expect(ours).toBeInstanceOf(DOMException);
    expect(ours.name).toBe('TimeoutError');
    expect(arrived).toHaveLength(1);
    await closed(arrived[0]!);

    const theirs = await rejectionOf(globalThis.fetch(server.base, { signal: AbortSignal.timeout(50), redirect: 'manual' }));
    expect([theirs.constructor, theirs.name]).toEqual([DOMException, 'TimeoutError']);
  });

  it('aborting while waiting for the answer rejects with the reason and closes the socket', async () => {
    let arrive: (socket: Socket) => void;
    const arrived = new Promise<Socket>((resolve) => (arrive = resolve));
    const server = await httpServer((req) => arrive(req.socket)); // never answers
    const controller = new AbortController();
    const pending = rejectionOf(transport.fetch(server.base, { signal: controller.signal, redirect: 'manual' }));
    const socket = await arrived;
    const reason = new Error('the user closed the window');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await closed(socket);
  });
});

describe('createHttpTransport: its own deadline (timeoutMs)', () => {
  it('a request that gets no answer in time rejects with the TimeoutError fetch gives, and its socket is closed', async () => {
    const arrived: Socket[] = [];
    const server = await httpServer((req) => arrived.push(req.socket)); // never answers
    const timed = createHttpTransport({ timeoutMs: 50 });
    try {
      const error = await rejectionOf(timed.fetch(server.base, manual));
      expect([error.constructor, error.name, error.message]).toEqual([DOMException, 'TimeoutError', 'The operation was aborted due to timeout']);
      expect(arrived).toHaveLength(1);
      await closed(arrived[0]!);
    } finally {
      timed.close();
    }
  });

  it('a request answered in time is not touched by it', async () => {
    const server = await httpServer((_req, res) => setTimeout(() => res.end('late but in time'), 20));
    const timed = createHttpTransport({ timeoutMs: 1_000 });
    try {
      expect(await (await timed.fetch(server.base, manual)).text()).toBe('late but in time');
    } finally {
      timed.close();
    }
  });
});

describe('copyLater: a token response kept for replaying', () => {
  it('copies the default client’s response only when asked, with status, headers, url and body', async () => {
    const server = await httpServer((_req, res) => res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-kept': 'yes' }).end('{"a":1}'));
    const response = await transport.fetch(`${server.base}/token#frag`, manual);
    const later = copyLater(response);
    expect(await response.json()).toEqual({ a: 1 }); // the original is read first, as openid-client does
    const copy = later();
    expect([copy.status, copy.statusText, copy.url, copy.headers.get('x-kept'), copy.bodyUsed]).toEqual([201, 'Made', `${server.base}/token`, 'yes', false]);
    expect(copy).toBeInstanceOf(Response);
    expect(await copy.json()).toEqual({ a: 1 });
    expect(await later().text()).toBe('{"a":1}'); // every call gives a fresh, unread copy
  });

  it('clones any other fetch’s response at once (its body can be read only once)', async () => {
    const response = new Response('{"b":2}', { status: 200, headers: { 'content-type': 'application/json' } });
    const later = copyLater(response);
    expect(await response.json()).toEqual({ b: 2 });
    expect(await later().json()).toEqual({ b: 2 });
  });
});

describe('peekJson: reading a token response before openid-client does', () => {
  it('reads the default client’s response without consuming it', async () => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"at","token_type":"Bearer"}'));
    const response = await transport.fetch(server.base, manual);
    expect(await peekJson(response)).toEqual({ access_token: 'at', token_type: 'Bearer' });
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ access_token: 'at', token_type: 'Bearer' });
  });

  it('rejects for a body that is not JSON, leaving the response readable', async () => {
    const server = await httpServer((_req, res) => res.end('<html>proxy error</html>'));
    const response = await transport.fetch(server.base, manual);
    await expect(peekJson(response)).rejects.toThrow(SyntaxError);
    expect(await response.text()).toBe('<html>proxy error</html>');
  });

  it('clones any other fetch’s response', async () => {
    const response = new Response('{"b":2}');
    expect(await peekJson(response)).toEqual({ b: 2 });
    expect(await response.json()).toEqual({ b: 2 });
  });
});

describe('createHttpTransport: keep-alive', () => {
  it('sends sequential requests over one connection', async () => {
    const server = await httpServer();
    for (const path of ['/one', '/two', '/three']) expect(await (await transport.fetch(`${server.base}${path}`, manual)).text()).toBe('ok');
    expect(server.connections()).toBe(1);
    expect(server.received.map((entry) => entry.onSocket)).toEqual([1, 2, 3]);
  });

  it('close() drops the idle connection; a later request opens a new one', async () => {
    const server = await httpServer();
    await (await transport.fetch(server.base, manual)).text();
    const idle = server.received[0]!.socket;
    expect(idle.destroyed).toBe(false);
    transport.close();
    await closed(idle);
    expect(await (await transport.fetch(server.base, manual)).text()).toBe('ok');
    expect(server.connections()).toBe(2);
    expect(server.received[1]!.socket).not.toBe(idle);
  });

  it.each([
    { how: 'closes', drop: (socket: Socket) => socket.destroy() },
    { how: 'resets', drop: (socket: Socket) => socket.resetAndDestroy() },
  ])('a reused connection the server $how as the next request arrives: sent once more on a new one', async ({ drop }) => {
    const server = await httpServer((req, res, received) => {
      if (received.onSocket === 2) drop(req.socket);
      else res.end(`${req.method} ${req.url} ${received.body.toString()}`);
    });
    expect(await (await transport.fetch(`${server.base}/first`, manual)).text()).toBe('GET /first ');
    const second = await transport.fetch(`${server.base}/second`, { method: 'POST', body: 'payload', redirect: 'manual' });
    expect(await second.text()).toBe('POST /second payload');
    expect(server.received.map((entry) => [entry.url, entry.onSocket, entry.body.toString()])).toEqual([
      ['/first', 1, ''],
      ['/second', 2, 'payload'], // dropped unanswered
      ['/second', 1, 'payload'], // the retry, on a new connection
    ]);
    expect(server.connections()).toBe(2);
  });

  it('a fresh connection the server resets is not retried: TypeError "fetch failed"', async () => {
    const server = await httpServer((req) => req.socket.destroy());
    const error = await rejectionOf(transport.fetch(server.base, { method: 'POST', body: 'once', redirect: 'manual' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause?.code).toBe('ECONNRESET');
    expect(server.connections()).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('a reused connection dropped after the answer began is not retried', async () => {
    const server = await httpServer((req, res, received) => {
      if (received.onSocket === 1) return void res.end('first');
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial', () => req.socket.destroy());
    });
    await (await transport.fetch(server.base, manual)).text();
    const error = await rejectionOf(transport.fetch(server.base, { method: 'POST', body: 'x', redirect: 'manual' }));
    expect([error.constructor, error.message]).toEqual([TypeError, 'fetch failed']);
    expect(server.received).toHaveLength(2);
    expect(server.connections()).toBe(1);
  });
});

describe('createHttpTransport: TLS', () => {
  it('verifies certificates: a self-signed one fails exactly as with global fetch', async () => {
    const server = track(createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, (_req, res) => res.end('secret')));
    const url = `https://127.0.0.1:${await listen(server)}/`;
    await expectBothFetchFailed(url, 'DEPTH_ZERO_SELF_SIGNED_CERT');

    // The server itself is fine for a client that trusts the certificate: only trust was missing.
    const trusted = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(url, { ca: TLS_CERT, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(trusted).toBe('secret');
  });
});

describe('createHttpTransport: requests about the connection itself go to global fetch', () => {
  it('a method outside fetch’s normalized six is sent as given, by global fetch', async () => {
    const firstLines: string[] = [];
    const server = await netServer((socket, data) => {
      firstLines.push(data.toString('latin1').split('\r\n')[0]!);
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
    // ('purge' rather than 'patch', for which undici prints a warning.)
    await transport.fetch(`${server.base}/m`, { method: 'purge', body: 'x', redirect: 'manual' });
    await globalThis.fetch(`${server.base}/m`, { method: 'purge', body: 'x', redirect: 'manual' });
    expect(firstLines).toEqual(['purge /m HTTP/1.1', 'purge /m HTTP/1.1']);
  });

  it('a caller’s host header is replaced and sec-fetch-mode is always cors, as global fetch does', async () => {
    const server = await httpServer();
    await (await transport.fetch(server.base, { headers: { 'sec-fetch-mode': 'navigate' }, redirect: 'manual' })).text();
    await (await transport.fetch(server.base, { headers: { host: 'idp.example' }, redirect: 'manual' })).text();
    await (await globalThis.fetch(server.base, { headers: { host: 'idp.example', 'sec-fetch-mode': 'navigate' }, redirect: 'manual' })).text();
    const seen = server.received.map((entry) => new Map(entry.headers));
    expect(seen.map((headers) => [headers.get('host'), headers.get('sec-fetch-mode')])).toEqual([
      [`127.0.0.1:${server.port}`, 'cors'],
      [`127.0.0.1:${server.port}`, 'cors'],
      [`127.0.0.1:${server.port}`, 'cors'],
    ]);
  });

  it.each([
    { header: 'keep-alive', value: 'timeout=1', theirs: 'invalid keep-alive header' },
    { header: 'upgrade', value: 'websocket', theirs: 'invalid upgrade header' },
    { header: 'expect', value: '100-continue', theirs: 'expect header not supported' },
    { header: 'transfer-encoding', value: 'chunked', theirs: 'invalid transfer-encoding header' },
  ])('a caller’s $header header: refused without sending, exactly as global fetch refuses it', async ({ header, value, theirs }) => {
    const server = await httpServer();
    const init: RequestInit = { method: 'POST', body: 'abc', headers: { [header]: value }, redirect: 'manual' };
    for (const fetch of [globalThis.fetch, transport.fetch]) {
      const refused = await rejectionOf(fetch(server.base, init));
      expect([refused.constructor, refused.message, refused.cause?.message]).toEqual([TypeError, 'fetch failed', theirs]);
    }
    expect(server.connections()).toBe(0);
  });
});

describe('createHttpTransport: where it differs from global fetch (Node 20, undici 6)', () => {
  // Each test pins both behaviours; when the module is changed to match, flip its assertion.

  it('Response.type is "default" (a constructed Response); global fetch gives "basic"', async () => {
    const server = await httpServer();
    const ours = await transport.fetch(server.base, manual);
    const theirs = await globalThis.fetch(server.base, manual);
    expect(ours.type).toBe('default');
    expect(theirs.type).toBe('basic');
  });

  it('a HEAD goes out with connection: keep-alive; global fetch sends connection: close', async () => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-length': '5' }).end());
    await transport.fetch(server.base, { method: 'HEAD', redirect: 'manual' });
    await globalThis.fetch(server.base, { method: 'HEAD', redirect: 'manual' });
    expect(server.received.map((entry) => new Map(entry.headers).get('connection'))).toEqual(['keep-alive', 'close']);
    // Apart from that header, the two HEAD requests are the same.
    const without = (entry: Received) => entry.headers.filter(([name]) => name !== 'connection');
    expect(without(server.received[0]!)).toEqual(without(server.received[1]!));
  });

  it('"gzip, identity" is decoded; global fetch hands it over still gzipped', async () => {
    const text = 'identity listed last';
    const encoded = gzipSync(text);
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip, identity' }).end(encoded));
    expect(await (await transport.fetch(server.base, manual)).text()).toBe(text);
    expect(Buffer.from(await (await globalThis.fetch(server.base, manual)).arrayBuffer()).equals(encoded)).toBe(true);
  });

  it('a Latin-1 reason phrase reads as Latin-1; global fetch decodes it as UTF-8 (U+FFFD)', async () => {
    const server = await netServer((socket) => socket.end(Buffer.from('HTTP/1.1 200 Caf\xe9\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', 'latin1')));
    expect((await transport.fetch(server.base, manual)).statusText).toBe('Café');
    expect((await globalThis.fetch(server.base, manual)).statusText).toBe('Caf\uFFFD');
  });

  it('aborting after fetch() resolved leaves the body readable; with global fetch reading it rejects', async () => {
    const server = await httpServer();
    const ourController = new AbortController();
    const ours = await transport.fetch(server.base, { signal: ourController.signal, redirect: 'manual' });
    ourController.abort();
    expect(await ours.text()).toBe('ok');

    const theirController = new AbortController();
    const theirs = await globalThis.fetch(server.base, { signal: theirController.signal, redirect: 'manual' });
    theirController.abort();
    expect((await rejectionOf(theirs.text())).name).toBe('AbortError');
  });
});
