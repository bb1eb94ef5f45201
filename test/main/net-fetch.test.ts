import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createNetFetch, PROVIDER_PARTITION, toFetchError } from '../../main/net-fetch.ts';
import { FakeSessionModule, protocol } from '../fakes/electron.ts';

const ready = { isReady: () => true };

/** A session module in an app that is ready (the fake, like Electron, refuses before). */
function readySessions(): FakeSessionModule {
  protocol.ready = true;
  return new FakeSessionModule();
}

/** A local http server answering every request with `body`. */
async function startServer(body: string): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => res.end(body)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** The provider partition's session (the fake creates it on first use, as Electron does). */
function providerSession(sessions: FakeSessionModule) {
  return sessions.fromPartition(PROVIDER_PARTITION);
}

describe('createNetFetch', () => {
  it('sends http(s) requests through the provider session’s fetch, URL objects included, past custom protocol handlers', async () => {
    const sessions = readySessions();
    const provider = providerSession(sessions);
    const seen: Array<RequestInit | undefined> = [];
    const inner = provider.fetch.bind(provider);
    provider.fetch = (input, init) => {
      seen.push(init);
      return inner(input, init);
    };
    const server = await startServer('pong');
    try {
      const url = `${server.url}/ping`;
      const fetch = createNetFetch({ session: sessions, app: ready });
      await expect((await fetch(new URL(url))).text()).resolves.toBe('pong');
      await expect((await fetch(url, { method: 'POST', body: 'x' })).text()).resolves.toBe('pong');
      expect(provider.requests).toEqual([url, url]);
      expect(seen[1]).toMatchObject({ method: 'POST', bypassCustomProtocolHandlers: true });
    } finally {
      server.close();
    }
  });

  it('uses one in-memory session of its own, without HTTP cache, never the default session the window uses', async () => {
    const sessions = readySessions();
    const server = await startServer('provider');
    try {
      const fetch = createNetFetch({ session: sessions, app: ready });
      for (const path of ['/.well-known/openid-configuration', '/token']) {
        await expect((await fetch(`${server.url}${path}`)).text()).resolves.toBe('provider');
      }
    } finally {
      server.close();
    }
    expect([...sessions.partitions.keys()]).toEqual([PROVIDER_PARTITION]);
    expect(sessions.partitions.get(PROVIDER_PARTITION)).toMatchObject({ persistent: false, options: { cache: false } });
    expect(providerSession(sessions).requests).toHaveLength(2);
    expect(sessions.defaultSession.requests).toEqual([]);
  });

  it('refuses anything but http(s): net.fetch would read files and the app’s own protocol', async () => {
    const sessions = readySessions();
    const fetch = createNetFetch({ session: sessions, app: ready });
    for (const url of ['file:///etc/passwd', 'app://renderer/index.html', 'data:text/plain,x']) {
      await expect(fetch(url)).rejects.toThrow(/only http and https/);
    }
    expect(sessions.allRequests()).toEqual([]);
  });

  it('refuses to run before the app is ready, as Electron requires', async () => {
    protocol.ready = false;
    const sessions = new FakeSessionModule();
    const fetch = createNetFetch({ session: sessions, app: { isReady: () => false } });
    await expect(fetch('https://login.example.com/')).rejects.toThrow(/before the app was ready/);
    expect(sessions.partitions.size).toBe(0);
  });

  it('reports Chromium’s network failures the way Node’s fetch does, so the core says "could not reach"', async () => {
    const sessions = readySessions();
    providerSession(sessions).fetchImpl = async () => {
      throw new Error('net::ERR_CONNECTION_REFUSED');
    };
    const error = await createNetFetch({ session: sessions, app: ready })('https://login.example.com/').catch((caught: unknown) => caught);
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
