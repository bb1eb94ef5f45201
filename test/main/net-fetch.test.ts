import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createNetFetch, toFetchError } from '../../main/net-fetch.ts';
import { FakeNet } from '../fakes/electron.ts';

const ready = { isReady: () => true };

describe('createNetFetch', () => {
  it('sends http(s) requests through net.fetch, URL objects included, past custom protocol handlers', async () => {
    const net = new FakeNet();
    const seen: Array<RequestInit | undefined> = [];
    const inner = net.fetch.bind(net);
    net.fetch = (input, init) => {
      seen.push(init);
      return inner(input, init);
    };
    const server = createServer((_req, res) => res.end('pong')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
      const fetch = createNetFetch({ net, app: ready });
      await expect((await fetch(new URL(url))).text()).resolves.toBe('pong');
      await expect((await fetch(url, { method: 'POST', body: 'x' })).text()).resolves.toBe('pong');
      expect(net.requests).toEqual([url, url]);
      expect(seen[1]).toMatchObject({ method: 'POST', bypassCustomProtocolHandlers: true });
    } finally {
      server.close();
    }
  });

  it('refuses anything but http(s): net.fetch would read files and the app’s own protocol', async () => {
    const net = new FakeNet();
    const fetch = createNetFetch({ net, app: ready });
    for (const url of ['file:///etc/passwd', 'app://renderer/index.html', 'data:text/plain,x']) {
      await expect(fetch(url)).rejects.toThrow(/only http and https/);
    }
    expect(net.requests).toEqual([]);
  });

  it('refuses to run before the app is ready, as Electron requires', async () => {
    const fetch = createNetFetch({ net: new FakeNet(), app: { isReady: () => false } });
    await expect(fetch('https://login.example.com/')).rejects.toThrow(/before the app was ready/);
  });

  it('reports Chromium’s network failures the way Node’s fetch does, so the core says "could not reach"', async () => {
    const net = new FakeNet();
    net.fetchImpl = async () => {
      throw new Error('net::ERR_CONNECTION_REFUSED');
    };
    const error = await createNetFetch({ net, app: ready })('https://login.example.com/').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed (net::ERR_CONNECTION_REFUSED)');
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});

describe('toFetchError', () => {
  it('maps what it knows, keeps the Chromium name otherwise, and leaves other errors alone', () => {
    expect((toFetchError(new Error('net::ERR_NAME_NOT_RESOLVED')) as { cause: { code: string } }).cause.code).toBe('ENOTFOUND');
    const unknown = toFetchError(new Error('net::ERR_SOMETHING_NEW')) as TypeError & { cause: Error & { code?: string } };
    expect(unknown.message).toBe('fetch failed (net::ERR_SOMETHING_NEW)');
    expect(unknown.cause.code).toBeUndefined();
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(toFetchError(abort)).toBe(abort);
  });

  it('is read by the core as an unreachable provider', async () => {
    const { translateError } = await import('../../main/auth/translate-error.ts');
    const translated = translateError(toFetchError(new Error('net::ERR_PROXY_CONNECTION_FAILED')), 'discovery', { issuer: 'https://login.example.com', clientId: 'c' });
    expect(translated.code).toBe('provider_unreachable');
  });
});
