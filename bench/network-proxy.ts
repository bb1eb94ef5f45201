/**
 * The network in front of the local provider: a TLS-terminating proxy that answers every
 * request after a delay (one round trip to a provider far away) and holds every new
 * connection before its TLS handshake (the TCP and TLS handshakes' round trips), and logs
 * every request with the connection it came on. The benchmark counts round trips from this
 * log, not from what the measured clients say about themselves.
 *
 * It forwards over plain HTTP to the test provider's public port, with `X-Forwarded-Proto:
 * https` and `X-Forwarded-Host` naming the proxy, so oidc-provider (told to trust them) builds
 * every URL on the https origin.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ProxiedRequest, ProxyRules } from './protocol.ts';

/** Monotonic milliseconds (CLOCK_MONOTONIC: the same clock in every process of the machine). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Epoch milliseconds with sub-millisecond resolution (for comparing with a browser's clock). */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface NetworkProxyOptions {
  key: string;
  cert: string;
  /** Added before every response, after the provider answered. */
  delayMs: number;
  /** A new connection waits this long before its TLS handshake starts. */
  handshakeMs: number;
  /** Idle keep-alive timeout of the proxy's connections (advertised in `Keep-Alive: timeout=`). */
  keepAliveMs?: number;
}

export interface NetworkProxy {
  readonly port: number;
  readonly origin: string;
  /** The provider's plain-HTTP origin, set once it listens. */
  setTarget(origin: string): void;
  /** Requests whose response ended (or that failed), oldest first; `clear` empties the log. */
  log(clear?: boolean): ProxiedRequest[];
  /** Requests being answered right now, and when the last one started or ended. */
  activity(): { inFlight: number; lastActivityMs: number };
  setRules(rules: ProxyRules): void;
  /** What a restarted app sees: its keep-alive connections are gone. Resolves once the
   *  clients have closed their side too, so none of them reuses a dying connection. */
  dropIdleConnections(only?: number[]): Promise<number>;
  close(): Promise<void>;
}

/** Names the measured app that sent a request (bench/network-client.ts); never forwarded. */
export const APP_HEADER = 'x-bench-app';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length', 'host', APP_HEADER]);

function plainHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

interface ConnectionInfo {
  id: number;
  /** When the TCP connection was accepted (before the held handshakes). */
  acceptedAt: number;
  requests: number;
  busy: boolean;
  socket: TLSSocket;
}

export async function startNetworkProxy(options: NetworkProxyOptions): Promise<NetworkProxy> {
  let target: URL | undefined;
  let rules: ProxyRules = {};
  let entries: ProxiedRequest[] = [];
  let inFlight = 0;
  let lastActivityMs = monotonicMs();
  let nextConnection = 1;
  let nextRequest = 1;
  const connections = new Map<TLSSocket, ConnectionInfo>();
  const agent = new Agent({ keepAlive: true });
  const pendingHandshakes = new Set<Socket>();
  /** TCP accept times by the client's port, until the TLS handshake is done. */
  const acceptedAt = new Map<number, number>();

  const https = createHttpsServer({ key: options.key, cert: options.cert, keepAliveTimeout: options.keepAliveMs ?? 60_000 }, (req, res) => {
    void handle(req, res);
  });
  https.on('secureConnection', (socket: TLSSocket) => {
    const accepted = acceptedAt.get(socket.remotePort ?? -1) ?? monotonicMs();
    acceptedAt.delete(socket.remotePort ?? -1);
    const info: ConnectionInfo = { id: nextConnection++, acceptedAt: accepted, requests: 0, busy: false, socket };
    connections.set(socket, info);
    socket.once('close', () => connections.delete(socket));
  });
  https.on('tlsClientError', () => undefined);

  // The public port: a plain TCP listener that holds each new connection for the handshakes'
  // round trips, then hands it to the TLS server.
  const tcp = createNetServer({ pauseOnConnect: true }, (socket) => {
    acceptedAt.set(socket.remotePort ?? -1, monotonicMs());
    pendingHandshakes.add(socket);
    socket.once('close', () => {
      pendingHandshakes.delete(socket);
      acceptedAt.delete(socket.remotePort ?? -1);
    });
    setTimeout(() => {
      pendingHandshakes.delete(socket);
      if (socket.destroyed) return;
      https.emit('connection', socket);
      socket.resume();
    }, options.handshakeMs);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (tcp.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    if (!target) return Promise.reject(new Error('the proxy has no provider behind it yet'));
    const headers = plainHeaders(req.headers);
    headers['x-forwarded-proto'] = 'https';
    headers['x-forwarded-host'] = `127.0.0.1:${port}`;
    if (body.length > 0 || !['GET', 'HEAD'].includes(req.method ?? 'GET')) headers['content-length'] = body.length;
    const url = target;
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers, agent }, (response) => {
        readBody(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  function rewrite(path: string, status: number, headers: IncomingHttpHeaders, body: Buffer): Buffer {
    if (rules.tokenExpiresIn === undefined || path !== '/token' || status !== 200) return body;
    if (!String(headers['content-type'] ?? '').includes('json')) return body;
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (typeof json.expires_in !== 'number') return body;
    json.expires_in = rules.tokenExpiresIn;
    return Buffer.from(JSON.stringify(json));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = monotonicMs();
    inFlight++;
    lastActivityMs = start;
    const socket = req.socket as TLSSocket;
    const connection = connections.get(socket);
    const onConnection = connection ? connection.requests++ : 0;
    if (connection) connection.busy = true;
    const url = new URL(req.url ?? '/', origin);
    const userAgent = String(req.headers['user-agent'] ?? '');
    const entry: ProxiedRequest = {
      id: nextRequest++,
      method: req.method ?? 'GET',
      path: url.pathname,
      connection: connection?.id ?? 0,
      newConnection: onConnection === 0,
      browser: userAgent.startsWith('test-http-browser') || userAgent.includes('Mozilla/'),
      ...(typeof req.headers[APP_HEADER] === 'string' ? { app: req.headers[APP_HEADER] } : {}),
      start,
      sent: onConnection === 0 && connection ? connection.acceptedAt : start,
      end: Number.NaN,
      startEpoch: epochMs(),
      endEpoch: Number.NaN,
      status: 0,
    };
    const finish = (status: number) => {
      entry.end = monotonicMs();
      entry.endEpoch = epochMs();
      entry.status = status;
      entries.push(entry);
      inFlight--;
      lastActivityMs = entry.end;
      if (connection) connection.busy = false;
    };
    try {
      const body = await readBody(req);
      if (entry.path === '/token') entry.grantType = new URLSearchParams(body.toString('utf8')).get('grant_type') ?? undefined;
      const refresh = entry.grantType === 'refresh_token';
      if (refresh && rules.dropRefresh) {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        finish(-1);
        socket.destroy();
        return;
      }
      const upstream = await forward(req, body);
      const answer = rewrite(entry.path, upstream.status, upstream.headers, upstream.body);
      const extra = refresh ? (rules.refreshExtraDelayMs ?? 0) : 0;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs + extra));
      const headers = plainHeaders(upstream.headers);
      headers['content-length'] = answer.length;
      // The answer leaves now: no client can have it earlier (a 'finish' event can come later
      // than the client's reaction when this process is busy).
      finish(upstream.status);
      res.writeHead(upstream.status, headers);
      res.end(answer);
    } catch (error) {
      if (!Number.isNaN(entry.end)) return;
      finish(502);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`bench proxy: ${String(error)}`);
      else res.destroy();
    }
  }

  return {
    port,
    origin,
    setTarget(value) {
      target = new URL(value);
    },
    log(clear = false) {
      const out = entries;
      if (clear) entries = [];
      return [...out];
    },
    activity: () => ({ inFlight: inFlight + pendingHandshakes.size, lastActivityMs }),
    setRules(next) {
      rules = { ...next };
    },
    async dropIdleConnections(only) {
      const idle = [...connections.values()].filter((c) => !c.busy && (!only || only.includes(c.id))).map((c) => c.socket);
      await Promise.all(
        idle.map(
          (socket) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                socket.destroy();
                resolve();
              }, 1_000);
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.end();
            }),
        ),
      );
      return idle.length;
    },
    async close() {
      for (const socket of pendingHandshakes) socket.destroy();
      for (const socket of connections.keys()) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      https.close();
    },
  };
}
