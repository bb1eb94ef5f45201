/**
 * The one-shot redirect listener of RFC 8252 §7.3: bound to 127.0.0.1 only, one path, GET only,
 * its own Host only (DNS rebinding gets nowhere), closed as soon as the flow ends.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, AuthErrorCode } from './errors.ts';
import { pageResponse, type PageKind } from './pages.ts';

export const LOOPBACK_HOST = '127.0.0.1';

/** `http://127.0.0.1[:port]<path>`: a loopback redirect URI (no port: any free one, RFC 8252 §7.3). */
export function loopbackRedirectUri(port: number, path: string): string {
  return `http://${LOOPBACK_HOST}${port ? `:${port}` : ''}${path}`;
}

export interface LoopbackOptions {
  /** 0 for any free port. */
  port: number;
  /** The only path served, e.g. `/callback`. */
  path: string;
  /** Decides whether a request to the path belongs to the flow being waited for (state,
   *  issuer). A request that does not is answered 400 and the listener keeps waiting. */
  isGenuine(url: URL): boolean;
  /** Handles the genuine request; the page it names is what the browser sees. Called once. */
  onGenuine(url: URL): Promise<PageKind>;
  /** Called once the genuine request's page has been handed to the OS (or the client left). */
  onServed?(): void;
}

export interface LoopbackListener {
  readonly port: number;
  /** `http://127.0.0.1:<port><path>`: the redirect URI to send and register. */
  readonly redirectUri: string;
  /** Stops listening and drops every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the listener.
 * @throws AuthError `port_in_use` when a fixed port is taken.
 */
export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  let handled = false;
  let closing: Promise<void> | undefined;
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  // Slow or idle clients must not keep the port open after the flow ends.
  server.keepAliveTimeout = 1_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const port = await listen(server, options.port);
  const origin = `http://${LOOPBACK_HOST}:${port}`;
  const expectedHost = `${LOOPBACK_HOST}:${port}`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host?.toLowerCase();
    if (host !== expectedHost) return send(response, 'host');
    let url: URL;
    try {
      url = new URL(request.url ?? '/', origin);
    } catch {
      return send(response, 'not-found');
    }
    if (url.pathname !== options.path) return send(response, 'not-found');
    if (request.method !== 'GET') return send(response, 'method');
    if (handled || !options.isGenuine(url)) return send(response, 'invalid');
    handled = true;
    let page: PageKind;
    try {
      page = await options.onGenuine(url);
    } catch {
      page = 'failure';
    }
    let served = false;
    const done = () => {
      if (!served) options.onServed?.();
      served = true;
    };
    response.once('finish', done);
    response.once('close', done);
    send(response, page);
    if (response.destroyed) done();
  }

  function send(response: ServerResponse, kind: PageKind): void {
    if (response.headersSent || response.destroyed) return;
    const { status, headers, body } = pageResponse(kind);
    response.writeHead(status, headers as string[]);
    response.end(body);
  }

  return {
    port,
    redirectUri: loopbackRedirectUri(port, options.path),
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Stops listening now. A response still being written ends by itself (every page
        // says Connection: close); idle keep-alive sockets go at once, stragglers after 1 s.
        server.close(() => {
          clearTimeout(straggler);
          resolve();
        });
        server.closeIdleConnections();
        const straggler = setTimeout(() => server.closeAllConnections(), 1_000);
        straggler.unref?.();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new AuthError(AuthErrorCode.portInUse, `Port ${port} on ${LOOPBACK_HOST} is in use by another program, so the sign-in redirect cannot be received. Close that program, or configure another redirect port and register http://${LOOPBACK_HOST}:<new port>/… with the provider.`, { cause: error }));
      } else if (error.code === 'EACCES') {
        reject(new AuthError(AuthErrorCode.portInUse, `This app is not allowed to listen on port ${port} of ${LOOPBACK_HOST}. Configure a redirect port above 1024 (or 0 for any free port).`, { cause: error }));
      } else {
        reject(new AuthError(AuthErrorCode.portInUse, `Could not listen for the sign-in redirect on ${LOOPBACK_HOST}:${port} (${error.code ?? error.message}).`, { cause: error }));
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}
