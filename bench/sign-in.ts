/**
 * Warm sign-ins through the seam (`createAuthService`, given global fetch as the app gives it
 * Chromium's), and the bare-fetch floors measured in the same loop. The provider and the
 * browser run in the provider child, so the CPU counted here is the core's: the window opens
 * right after the IPC message that makes the browser request the callback URL, and closes when
 * `signIn()` resolves signed-in.
 */
import { subscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { createAuthService, type AuthService } from '../main/auth/index.ts';
import { FakeCipher } from '../test/support/fake-cipher.ts';
import { MemoryStore } from '../test/support/memory-store.ts';
import type { ProviderChild } from './child.ts';
import type { SeenRequest } from './protocol.ts';
import { cpuMs, deferred } from './stats.ts';

const SCOPE = 'openid profile email offline_access';

/** Where the wall time of a window goes (ms): start -> token request sent, the token request
 *  (until its response headers), -> UserInfo request sent (token body, ID token validation),
 *  the UserInfo request, -> the end of the window. */
export interface Phases {
  start: number;
  token: number;
  between: number;
  userInfo: number;
  end: number;
  /** Core only: of `end`, the part before the session is handed to the cipher (result page
   *  served, listener closed) and the part after (encrypt, store, state change). */
  beforeSave?: number;
  save?: number;
}

export interface Sample {
  latencyMs: number;
  cpuMs: number;
  phases?: Phases;
}

interface TimedRequest {
  url: string;
  start: number;
  end: number;
}

/**
 * Start and response-headers times of every HTTP request this process sends, read from Node's
 * diagnostics channels (undici for global fetch; node:http in case anything uses it), so
 * nothing wraps the fetch the core is given. Only the sign-in's process sends requests here
 * (the provider and the browser live in the child).
 */
function recordRequests(): { take(): TimedRequest[] } {
  let log: TimedRequest[] = [];
  const open = new WeakMap<object, TimedRequest>();
  const start = (request: object, url: string) => {
    const entry = { url, start: performance.now(), end: Number.NaN };
    open.set(request, entry);
    log.push(entry);
  };
  const end = (request: object) => {
    const entry = open.get(request);
    if (entry) entry.end = performance.now();
  };
  subscribe('http.client.request.start', (message) => {
    const { request } = message as { request: { protocol?: string; host?: string; path?: string } };
    start(request, `${request.protocol}//${request.host}${request.path}`);
  });
  subscribe('http.client.response.finish', (message) => end((message as { request: object }).request));
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: { origin?: string; path?: string } };
    start(request, `${request.origin}${request.path}`);
  });
  subscribe('undici:request:headers', (message) => end((message as { request: object }).request));
  return {
    take() {
      const taken = log;
      log = [];
      return taken;
    },
  };
}

function phasesOf(t0: number, requests: TimedRequest[], t1: number): Phases | undefined {
  if (requests.length !== 2) return undefined;
  const [token, userInfo] = requests as [TimedRequest, TimedRequest];
  return { start: token.start - t0, token: token.end - token.start, between: userInfo.start - token.end, userInfo: userInfo.end - userInfo.start, end: t1 - userInfo.end };
}

export interface CoreSignIn extends Sample {
  /** Provider requests the core made between signIn() and opening the browser. */
  before: SeenRequest[];
  /** Provider requests from the callback request to the signed-in state. */
  after: SeenRequest[];
  /** CPU of the test cipher's encrypt (AES-256-GCM set up per call), inside the window: it
   *  stands in for safeStorage, whose native encryption with a cached key costs far less. */
  cipherCpuMs: number;
}

export interface SignInBench {
  service: AuthService;
  store: MemoryStore;
  cipher: FakeCipher;
  cipherKey: Buffer;
  /** One sign-in through the core, the browser played by the child, until signed-in with
   *  UserInfo merged. `markWindow` (the profiler's) is called at the start of the measured
   *  window and returns its end. */
  signIn(markWindow?: () => () => void): Promise<CoreSignIn>;
  /** Set when the core's signed-in states never carried UserInfo's claims (see signIn). */
  userInfoNote(): string | undefined;
  /** token + UserInfo by hand with fetch, for a code obtained the same way. */
  floorDirect(): Promise<Sample>;
  /** The browser's callback request to a bare loopback server that then does token + UserInfo
   *  by hand: the same three HTTP requests as the core's measured window. */
  floorWithCallback(markWindow?: () => () => void): Promise<Sample>;
  /** token + UserInfo through openid-client configured as the core configures it (ID token
   *  signature checked) over global fetch, no callback hop: what the library costs. */
  floorLibrary(): Promise<Sample>;
  close(): Promise<void>;
}

interface Metadata {
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
}

/** FakeCipher noting when the core starts saving the session. */
class TimedCipher extends FakeCipher {
  encryptStartedAt: number | undefined;
  encryptCpuMs = 0;
  override encrypt(plainText: string): Promise<Uint8Array> {
    this.encryptStartedAt ??= performance.now();
    const cpu0 = process.cpuUsage();
    try {
      return super.encrypt(plainText); // its work is synchronous, inside this call
    } finally {
      this.encryptCpuMs += cpuMs(cpu0);
    }
  }
}

export async function createSignInBench(child: ProviderChild, cipherKey: Buffer): Promise<SignInBench> {
  const store = new MemoryStore();
  const cipher = new TimedCipher(cipherKey);
  let opened = deferred<string>();
  const recorder = recordRequests();
  // Global fetch given, as the app gives Chromium's: the core and the reference (AppAuth-JS's
  // FetchRequestor) send their requests through the same client.
  const service = createAuthService({
    provider: { issuer: child.issuer, clientId: child.clientId, allowInsecureRequests: true },
    store,
    cipher,
    fetch: globalThis.fetch,
    openExternal: async (url) => opened.resolve(url),
  });

  async function waitForFollow(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const outcome = await child.lastFollow();
      if (outcome && 'status' in outcome) {
        if (outcome.status !== 200) throw new Error(`the callback page answered HTTP ${outcome.status}`);
        return;
      }
      if (outcome) throw new Error(`the browser's callback request failed: ${outcome.error}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the browser never got the callback page');
  }

  /**
   * The window closes once the sign-in's work is done: signIn() resolved and a signed-in state
   * carries UserInfo's claims (`email`: the test provider's ID tokens leave it to UserInfo). The
   * core may show signed-in before UserInfo and merge it in a second state change; the
   * reference's window, too, closes after UserInfo. If no such state comes within 2 s after
   * signIn() resolved, the bench stops waiting for it (the window is then signIn() alone) and
   * says so.
   */
  let waitForUserInfo = true;
  let userInfoNote: string | undefined;
  function userInfoMerged(): { wait(): Promise<void>; stop(): void } {
    let seen = false;
    const done = deferred<void>();
    const stop = service.onChange((state) => {
      if (state.status === 'signed-in' && 'email' in state.claims) {
        seen = true;
        done.resolve();
      }
    });
    return {
      async wait() {
        if (seen || !waitForUserInfo) return;
        let timer: NodeJS.Timeout | undefined;
        const merged = await Promise.race([done.promise.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2_000)))]);
        clearTimeout(timer);
        if (!merged) {
          waitForUserInfo = false;
          userInfoNote = "no signed-in state carried UserInfo's claims within 2 s of signIn(): the window closes when signIn() resolves";
        }
      },
      stop,
    };
  }

  async function signIn(markWindow?: () => () => void): Promise<CoreSignIn> {
    opened = deferred<string>();
    await child.clearRequests();
    const result = service.signIn();
    result.catch(() => undefined);
    const url = await Promise.race([opened.promise, result.then(() => { throw new Error('signIn settled before opening the browser'); })]);
    const before = await child.requests();
    const callbackUrl = await child.authorize(url);
    await child.clearRequests();

    recorder.take();
    cipher.encryptStartedAt = undefined;
    cipher.encryptCpuMs = 0;
    // The browser's request is sent first, the window opened after: the parent cannot handle
    // the request before it yields to the event loop, so nothing of the core's is missed and
    // the IPC write (the browser's cost) stays out.
    const merged = userInfoMerged();
    child.follow(callbackUrl);
    const endWindow = markWindow?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const state = await result;
    await merged.wait();
    const t1 = performance.now();
    merged.stop();
    const cpu = cpuMs(cpu0);
    endWindow?.();

    if (state.status !== 'signed-in') throw new Error(`sign-in ended ${state.status}`);
    const after = await child.requests();
    await waitForFollow();
    const phases = phasesOf(t0, recorder.take(), t1);
    if (phases && cipher.encryptStartedAt !== undefined) {
      phases.save = t1 - cipher.encryptStartedAt;
      phases.beforeSave = phases.end - phases.save;
    }
    return { latencyMs: t1 - t0, cpuMs: cpu, phases, before, after, cipherCpuMs: cipher.encryptCpuMs };
  }

  // ---- the bare-fetch floor

  const metadata = (await (await fetch(`${child.issuer}/.well-known/openid-configuration`)).json()) as Metadata;
  const floorServer: Server = createServer();
  await new Promise<void>((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
  const floorPort = (floorServer.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${floorPort}/callback`;

  /** The authorization request the core would send, with a PKCE pair made by openid-client. */
  async function authorizationUrl(verifier: string, state = oidc.randomState(), nonce = oidc.randomNonce()): Promise<string> {
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: child.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      prompt: 'consent',
    }).toString();
    return url.href;
  }

  async function authorizeByHand(): Promise<{ code: string; verifier: string }> {
    const verifier = oidc.randomPKCECodeVerifier();
    const callback = new URL(await child.authorize(await authorizationUrl(verifier)));
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`no code in the floor's callback: ${callback.search}`);
    return { code, verifier };
  }

  /** token + UserInfo by hand, with global fetch. */
  async function exchangeByHand(code: string, verifier: string): Promise<void> {
    const tokenResponse = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: child.clientId }).toString(),
    });
    const tokens = (await tokenResponse.json()) as { access_token?: string };
    if (!tokens.access_token) throw new Error(`floor token request failed: HTTP ${tokenResponse.status}`);
    const userInfo = await fetch(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' } });
    const claims = (await userInfo.json()) as { sub?: string };
    if (!claims.sub) throw new Error(`floor UserInfo request failed: HTTP ${userInfo.status}`);
  }

  async function floorDirect(): Promise<Sample> {
    const { code, verifier } = await authorizeByHand();
    recorder.take();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await exchangeByHand(code, verifier);
    const t1 = performance.now();
    return { latencyMs: t1 - t0, cpuMs: cpuMs(cpu0), phases: phasesOf(t0, recorder.take(), t1) };
  }

  let onCallback: { exchange(code: string): Promise<void>; served(error?: unknown): void } | undefined;
  floorServer.on('request', (request, response) => {
    const code = new URL(request.url ?? '/', redirectUri).searchParams.get('code');
    const handler = onCallback;
    if (!code || !handler) {
      response.writeHead(404, { connection: 'close' }).end();
      return;
    }
    handler.exchange(code).then(
      () => {
        response.once('finish', () => handler.served());
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end('<!doctype html><p>signed in</p>');
      },
      (error: unknown) => {
        response.writeHead(500, { connection: 'close' }).end();
        handler.served(error);
      },
    );
  });

  // The library floor: the same two requests through openid-client, configured as the core
  // configures it (provider.ts createProvider: signature checks on, timeout 15 s), over
  // global fetch (openid-client's default).
  const libraryConfig = await oidc.discovery(new URL(`${child.issuer}/.well-known/openid-configuration`), child.clientId, undefined, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  oidc.enableNonRepudiationChecks(libraryConfig);
  libraryConfig.timeout = 15;

  async function floorLibrary(): Promise<Sample> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const callback = new URL(await child.authorize(await authorizationUrl(verifier, state, nonce)));
    recorder.take();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const tokens = await oidc.authorizationCodeGrant(libraryConfig, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims) throw new Error('library floor: no ID token');
    await oidc.fetchUserInfo(libraryConfig, tokens.access_token, claims.sub);
    const t1 = performance.now();
    return { latencyMs: t1 - t0, cpuMs: cpuMs(cpu0), phases: phasesOf(t0, recorder.take(), t1) };
  }

  /** Ends when the callback page has been handed to the OS, as the core's listener does. */
  async function floorWithCallback(markWindow?: () => () => void): Promise<Sample> {
    const verifier = oidc.randomPKCECodeVerifier();
    const callbackUrl = await child.authorize(await authorizationUrl(verifier));
    const done = deferred<void>();
    onCallback = {
      exchange: (code) => exchangeByHand(code, verifier),
      served: (error) => (error ? done.reject(error) : done.resolve()),
    };
    recorder.take();
    child.follow(callbackUrl); // as in signIn(): sent before the window opens
    const endWindow = markWindow?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await done.promise;
    const t1 = performance.now();
    const cpu = cpuMs(cpu0);
    endWindow?.();
    onCallback = undefined;
    await waitForFollow();
    return { latencyMs: t1 - t0, cpuMs: cpu, phases: phasesOf(t0, recorder.take(), t1) };
  }

  return {
    service,
    store,
    cipher,
    cipherKey,
    signIn,
    userInfoNote: () => userInfoNote,
    floorDirect,
    floorWithCallback,
    floorLibrary,
    async close() {
      await service.dispose();
      floorServer.closeAllConnections();
      await new Promise<void>((resolve) => floorServer.close(() => resolve()));
    },
  };
}
