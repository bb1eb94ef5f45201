import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { portIsClosed } from '../../support/net.ts';
import { startLoopbackListener, type LoopbackListener } from '../../../main/auth/loopback.ts';
import type { PageKind } from '../../../main/auth/pages.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send any Host header and method. */
function send(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}


/** True when a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('loopback redirect listener', () => {
  let listener: LoopbackListener | undefined;
  const genuine: URL[] = [];

  async function start(page: PageKind = 'success', port = 0) {
    genuine.length = 0;
    listener = await startLoopbackListener({
      port,
      path: '/callback',
      isGenuine: (url) => url.searchParams.get('state') === 'expected-state',
      onGenuine: async (url) => {
        genuine.push(url);
        return page;
      },
    });
    return listener;
  }

  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  it('binds 127.0.0.1 on a free port and names the redirect URI', async () => {
    const { port, redirectUri } = await start();
    expect(port).toBeGreaterThan(0);
    expect(redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
  });

  it('listens on 127.0.0.1 only: the same port on 127.0.0.2 and on ::1 refuses connections', async () => {
    const { port } = await start();
    expect(await accepts('127.0.0.1', port)).toBe(true);
    // A listener on every interface (or on ::) would accept these too.
    expect(await accepts('127.0.0.2', port)).toBe(false);
    expect(await accepts('::1', port)).toBe(false);
  });

  it('answers only its own Host, so DNS rebinding gets nowhere', async () => {
    const { port } = await start();
    for (const host of ['evil.example', `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
      const response = await send(port, '/callback?state=expected-state&code=x', { host });
      expect(response.status, host).toBe(421);
    }
    expect(genuine).toHaveLength(0);
  });

  it('serves one path and GET only', async () => {
    const { port } = await start();
    expect((await send(port, '/')).status).toBe(404);
    expect((await send(port, '/callback/extra?state=expected-state')).status).toBe(404);
    expect((await send(port, '/favicon.ico')).status).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      const response = await send(port, '/callback?state=expected-state&code=x', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe('GET');
    }
    expect(genuine).toHaveLength(0);
  });

  it('answers a forged callback 400 and keeps waiting for the genuine one', async () => {
    const { port } = await start();
    const forged = await send(port, '/callback?state=forged&code=stolen');
    expect(forged.status).toBe(400);
    const real = await send(port, '/callback?state=expected-state&code=real');
    expect(real.status).toBe(200);
    expect(genuine.map((url) => url.searchParams.get('code'))).toEqual(['real']);
  });

  it('handles the genuine callback once; a replay is turned away', async () => {
    const { port } = await start();
    expect((await send(port, '/callback?state=expected-state&code=real')).status).toBe(200);
    expect((await send(port, '/callback?state=expected-state&code=again')).status).toBe(400);
    expect(genuine).toHaveLength(1);
  });

  it('reflects nothing from the request into its pages and sends protective headers', async () => {
    const { port } = await start('failure');
    const marker = '<script>alert(1)</script>';
    const paths = [`/callback?state=x&error=${encodeURIComponent(marker)}`, `/callback?state=expected-state&error_description=${encodeURIComponent(marker)}`, `/${encodeURIComponent(marker)}`];
    for (const path of paths) {
      const response = await send(port, path);
      expect(response.body).not.toContain('alert');
      expect(response.body).not.toContain('script');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('closes the port when told to', async () => {
    const { port } = await start();
    await listener!.close();
    expect(await portIsClosed(port)).toBe(true);
    await listener!.close(); // idempotent
  });

  it('reports a fixed port that is taken with an actionable error', async () => {
    const first = await start();
    const second = startLoopbackListener({ port: first.port, path: '/callback', isGenuine: () => false, onGenuine: async () => 'success' });
    await expect(second).rejects.toMatchObject({ code: 'port_in_use', message: expect.stringContaining(`Port ${first.port}`) });
  });
});
