/**
 * A real OpenID provider (`oidc-provider`, the certified Node implementation) on 127.0.0.1, for tests
 * and the built-in demo: one public native client, PKCE (S256) required, refresh tokens for
 * `offline_access`, revocation, introspection, UserInfo, RP-initiated logout, RFC 9207 `iss`.
 *
 * A thin HTTP proxy sits in front of it: the public port (the issuer) records every request and lets
 * hostile-path tests answer in the provider's place (`intercept`) or rewrite its real responses
 * (`transform`). oidc-provider itself listens on a second, internal loopback port; the proxy forwards
 * the public `Host`, so every URL the provider builds names the issuer.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type {
  Adapter,
  AdapterPayload,
  ClientMetadata,
  Configuration,
  InteractionResults,
  KoaContextWithOIDC,
} from 'oidc-provider';
import type ProviderClass from 'oidc-provider';
import { RESOURCE_PATH, serveProtectedResource } from './resource-server.ts';

/** The default client's id: a public native app (no secret). */
export const TEST_CLIENT_ID = 'desktop-app';
/** The default client's registered redirect URI; oidc-provider ignores the loopback port for native clients. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1/callback';
/** The default client's registered post-logout redirect URI (any loopback port is accepted too). */
export const TEST_POST_LOGOUT_REDIRECT_URI = 'http://127.0.0.1/signed-out';

/** The device authorization grant (RFC 8628 §3.4). */
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A person who can sign in at the test provider. */
export interface TestAccount {
  username: string;
  password: string;
  /** The stable subject identifier (also oidc-provider's accountId). */
  sub: string;
  /** Standard claims (without `sub`); the provider releases them by scope (profile, email, ...). */
  claims: Record<string, unknown>;
}

/**
 * A profile picture as the `picture` claim: a small portrait (head and shoulders, no letters, so
 * it cannot be mistaken for the app's initials fallback) as a data: URL, which the renderer
 * shows as the avatar.
 */
function avatar(background: string, figure: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background}"/><circle cx="32" cy="25" r="12" fill="${figure}"/><path d="M8 64c1-14 11-22 24-22s23 8 24 22z" fill="${figure}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The default accounts: `alice` / `wonderland` and `bob` / `builder`. */
export const TEST_ACCOUNTS: Readonly<Record<'alice' | 'bob', TestAccount>> = Object.freeze({
  alice: {
    username: 'alice',
    password: 'wonderland',
    sub: 'a1b2c3-alice',
    claims: {
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: true,
      picture: avatar('#7b1fa2', '#f3e5f5'),
      locale: 'en-GB',
      updated_at: 1_700_000_000,
    },
  },
  bob: {
    username: 'bob',
    password: 'builder',
    sub: 'd4e5f6-bob',
    claims: {
      name: 'Bob Builder',
      given_name: 'Bob',
      family_name: 'Builder',
      preferred_username: 'bob',
      email: 'bob@example.com',
      email_verified: false,
      picture: avatar('#ef6c00', '#fff3e0'),
      locale: 'en-US',
      updated_at: 1_700_000_000,
    },
  },
});

/** The built-in demo provider's own account, `demo` / `demo` (`npm start` signs in with it). */
export const DEMO_ACCOUNT: TestAccount = Object.freeze({
  username: 'demo',
  password: 'demo',
  sub: 'f7e8d9-demo',
  claims: {
    name: 'Demo User',
    given_name: 'Demo',
    family_name: 'User',
    preferred_username: 'demo',
    email: 'demo@example.com',
    email_verified: true,
    picture: avatar('#00796b', '#e0f2f1'),
    locale: 'en-US',
    updated_at: 1_700_000_000,
  },
});

/** The demo's second account, `demo2` / `demo2`, for trying several accounts at once. */
export const DEMO_SECOND_ACCOUNT: TestAccount = Object.freeze({
  username: 'demo2',
  password: 'demo2',
  sub: 'b8c9d0-demo2',
  claims: {
    name: 'Demo User Two',
    given_name: 'Demo',
    family_name: 'User Two',
    preferred_username: 'demo2',
    email: 'demo2@example.com',
    email_verified: true,
    picture: avatar('#3949ab', '#e8eaf6'),
    locale: 'en-US',
    updated_at: 1_700_000_000,
  },
});

/** Every account the built-in demo provider adds to the default ones. */
export const DEMO_ACCOUNTS: readonly TestAccount[] = Object.freeze([DEMO_ACCOUNT, DEMO_SECOND_ACCOUNT]);

/** The default client's metadata (a fresh copy): extend it to register variants. */
export function defaultClientMetadata(): ClientMetadata {
  return {
    client_id: TEST_CLIENT_ID,
    client_name: 'OIDC Desktop Sign-in',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    redirect_uris: [TEST_REDIRECT_URI],
    post_logout_redirect_uris: [TEST_POST_LOGOUT_REDIRECT_URI],
  };
}

/** ID token signing algorithms the provider can generate keys for. */
export type SigningAlg = 'RS256' | 'PS256' | 'ES256' | 'Ed25519';

/** Options for {@link startTestProvider}; everything is optional. */
export interface TestProviderOptions {
  /** The issuer its tokens and metadata name, when it differs from the URL it is served at
   *  (OCI IAM Identity Domains: `https://identity.oraclecloud.com/`). Default: that URL. */
  issuer?: string;
  /** Public port (the issuer's); 0 (default) picks a free one. */
  port?: number;
  /** Replaces the default client list. */
  clients?: ClientMetadata[];
  /** Registers more clients next to the default ones (e.g. a confidential client, another redirect URI). */
  extraClients?: ClientMetadata[];
  /** More accounts; one with an existing username replaces it. */
  accounts?: TestAccount[];
  /** Token revocation endpoint (RFC 7009); default true. */
  revocation?: boolean;
  /** RP-initiated logout (end_session_endpoint); default true. */
  endSession?: boolean;
  /** UserInfo endpoint; default true. Without it, oidc-provider puts scope claims into the ID token. */
  userinfo?: boolean;
  /** Token introspection (RFC 7662); default true. */
  introspection?: boolean;
  /** RFC 9207 `iss` in authorization responses (always on in oidc-provider 9); false strips it and its discovery flag. */
  issParameter?: boolean;
  /** DPoP (RFC 9449); default false (oidc-provider 9 itself enables it by default). */
  dpop?: boolean;
  /** Requires a provider-issued nonce in every DPoP proof (RFC 9449 §8): a proof without one is
   *  answered `use_dpop_nonce` with a `DPoP-Nonce` header. Implies `dpop`. */
  dpopNonce?: boolean;
  /** Pushed authorization requests (RFC 9126); default false (oidc-provider 9 itself enables it by default). */
  par?: boolean;
  /** Require PAR for every client (implies `par`). */
  requirePar?: boolean;
  /** Access token lifetime; default 3600. */
  accessTokenTtlSeconds?: number;
  /** ID token lifetime; default 3600. */
  idTokenTtlSeconds?: number;
  /** Refresh token lifetime; default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** Whether refresh tokens rotate on use; default: oidc-provider's policy (always for public clients). */
  rotateRefreshTokens?: boolean;
  /** ID token signing algorithm (and signing key type); default 'RS256'. */
  signingAlg?: SigningAlg;
  /** Sign-in from another device (RFC 8628): a device authorization endpoint, the device grant
   *  for every client, and `/device` pages; `interval` (seconds, default the RFC's 5) is what
   *  the device authorization response tells clients to wait between polls. */
  deviceFlow?: { interval?: number };
  /** Authentication context classes the provider can meet (acr_values_supported); a sign-in
   *  that asks for one of them gets it as its `acr`. */
  acrValues?: string[];
  /** Behaviours of real providers that bend the standards (each off by default). */
  quirks?: TestProviderQuirks;
}

/** What real providers do every day, reproduced on demand. */
export interface TestProviderQuirks {
  /** Compares redirect URIs exactly, port included (ignoring RFC 8252 §7.3): the authorization
   *  request is answered with a bare 403 and an empty body, a pushed one with 400. */
  exactRedirectUris?: boolean;
  /** Refuses to revoke for a public client (401 invalid_client) and advertises only
   *  client_secret_basic and client_secret_post for revocation. */
  refusePublicRevocation?: boolean;
  /** Does not form-decode HTTP Basic credentials (RFC 6749 §2.3.1): credentials with an
   *  encoded character (`-` becomes `%2D`) are refused with 401 invalid_client. */
  basicCredentialsNotDecoded?: boolean;
  /** Metadata whose grant_types_supported leaves out refresh_token (refresh still works). */
  refreshGrantNotAdvertised?: boolean;
  /** A dead refresh token is answered 400 invalid_request instead of invalid_grant. */
  deadRefreshAsInvalidRequest?: boolean;
  /** The PAR endpoint answers a DPoP proof without a nonce with 403 invalid_dpop_proof and no
   *  DPoP-Nonce header (use with `dpopNonce`). */
  parRejectsNoncelessProof?: boolean;
}

/** A request as it reached the public port. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string. */
  url: string;
  /** Epoch milliseconds. */
  time: number;
}

/** A request seen by `intercept` and `transform` handlers (body fully read, as text). */
export interface InterceptedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A response made up by an `intercept` handler. An object body is sent as JSON. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Record<string, unknown> | unknown[];
}

/** A response as `transform` handlers see and return it. */
export interface ProxiedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Answers instead of the provider: a FakeResponse, 'drop' (destroy the connection: a network error), or undefined (pass through). */
export type InterceptHandler = (
  req: InterceptedRequest,
) => Promise<FakeResponse | 'drop' | undefined> | FakeResponse | 'drop' | undefined;

/** Rewrites the provider's real response; returning undefined keeps it as is. */
export type TransformHandler = (
  req: InterceptedRequest,
  res: ProxiedResponse,
) => Promise<ProxiedResponse | undefined> | ProxiedResponse | undefined;

/** Options for {@link TestProvider.signJwt}. */
export interface SignJwtOptions {
  /** Header `alg`; default the current key's. */
  alg?: string;
  /** Header `kid`; default the current key's; null omits it. */
  kid?: string | null;
  /** Header `typ`; omitted by default. */
  typ?: string;
}

/** A public JSON Web Key Set. */
export interface PublicJwks {
  keys: JWK[];
}

/** A running test provider. */
export interface TestProvider {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly issuer: string;
  /** The issuer named in tokens and metadata (differs from `issuer` only with the `issuer` option). */
  readonly tokenIssuer: string;
  readonly port: number;
  /** The default client's id ({@link TEST_CLIENT_ID}). */
  readonly clientId: string;
  /** The current public signing JWKS. */
  readonly jwks: PublicJwks;
  /** The protected resource beside the provider (`<issuer>/api/profile`). */
  readonly apiUrl: string;
  /** The current signing key's id. */
  readonly kid: string;
  /** Every request that reached the public port, oldest first (a live array). */
  readonly requests: RecordedRequest[];
  /** The oidc-provider instance currently serving (replaced by `rotateKeys`). */
  readonly oidc: ProviderClass;
  /** Empties `requests`. */
  clearRequests(): void;
  /** Installs (or with undefined removes) a handler that may answer instead of the provider. */
  intercept(handler: InterceptHandler | undefined): void;
  /** Installs (or with undefined removes) a handler that rewrites the provider's responses. */
  transform(handler: TransformHandler | undefined): void;
  /** New signing key (new kid) without losing sessions, grants, tokens or the port; `keepPrevious` keeps publishing the old public key. */
  rotateKeys(options?: { keepPrevious?: boolean }): Promise<void>;
  /** Signs arbitrary claims with the current private key (to craft or forge tokens). */
  signJwt(payload: JWTPayload, options?: SignJwtOptions): Promise<string>;
  /** Stops both listeners and frees the port; idempotent. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Storage shared by every oidc-provider instance of one test provider (so key rotation keeps state)

interface StoredEntry {
  payload: AdapterPayload;
  expiresAt: number;
}

const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

function createMemoryStore(): (model: string) => Adapter {
  const entries = new Map<string, StoredEntry>();
  const sessionUids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  const grants = new Map<string, Set<string>>();
  let writes = 0;

  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [uid, key] of sessionUids) if (!entries.has(key)) sessionUids.delete(uid);
    for (const [code, key] of userCodes) if (!entries.has(key)) userCodes.delete(code);
    for (const [grantId, keys] of grants) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) grants.delete(grantId);
    }
  };

  return (model: string): Adapter => {
    const keyFor = (id: string): string => `${model}:${id}`;
    const copy = (payload: AdapterPayload | undefined): AdapterPayload | undefined =>
      payload === undefined ? undefined : structuredClone(payload);
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyFor(id);
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
        entries.set(key, { payload: structuredClone(payload), expiresAt });
        if (model === 'Session' && payload.uid) sessionUids.set(payload.uid, key);
        if (payload.userCode) userCodes.set(payload.userCode, key);
        if (GRANTABLE.has(model) && payload.grantId) {
          let keys = grants.get(payload.grantId);
          if (!keys) grants.set(payload.grantId, (keys = new Set()));
          keys.add(key);
        }
        if (++writes % 500 === 0) sweep();
      },
      async find(id) {
        return copy(read(keyFor(id)));
      },
      async findByUid(uid) {
        const key = sessionUids.get(uid);
        return key === undefined ? undefined : copy(read(key));
      },
      async findByUserCode(userCode) {
        const key = userCodes.get(userCode);
        return key === undefined ? undefined : copy(read(key));
      },
      async consume(id) {
        const payload = read(keyFor(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyFor(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
      },
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Signing keys

interface SigningKey {
  alg: SigningAlg;
  kid: string;
  privateKey: KeyObject;
  privateJwk: JWK;
  publicJwk: JWK;
}

const generateKeyPairAsync = promisify(generateKeyPair);

async function createSigningKey(alg: SigningAlg): Promise<SigningKey> {
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  switch (alg) {
    case 'ES256':
      pair = await generateKeyPairAsync('ec', { namedCurve: 'P-256' });
      break;
    case 'Ed25519':
      pair = await generateKeyPairAsync('ed25519');
      break;
    default:
      pair = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  }
  const publicBase = pair.publicKey.export({ format: 'jwk' }) as JWK;
  const kid = (await calculateJwkThumbprint(publicBase)).slice(0, 16);
  const meta = { kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    privateKey: pair.privateKey,
    privateJwk: { ...(pair.privateKey.export({ format: 'jwk' }) as JWK), ...meta },
    publicJwk: { ...publicBase, ...meta },
  };
}

// ---------------------------------------------------------------------------------------------
// Pages (login, consent, logout, errors): plain HTML, every interpolated value escaped

function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:40px 16px;color:#1d2433}
main{max-width:360px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4em;margin:0 0 12px}label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;padding:8px;font-size:1em;border:1px solid #b8bfcc;border-radius:4px}
button{margin-top:16px;padding:8px 16px;font-size:1em;border-radius:4px;border:1px solid #1a56db;background:#1a56db;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a56db}.alert{color:#b42318;background:#fef3f2;padding:8px;border-radius:4px}
ul{padding-left:20px}code{background:#eef0f4;padding:1px 4px;border-radius:3px}.actions{display:flex;gap:8px}`;

function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Test OpenID Provider</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>`;
}

function loginPage(uid: string, clientName: string, options: { username?: string; error?: string }): string {
  const error = options.error ? `<p class="alert" role="alert">${escapeHtml(options.error)}</p>\n` : '';
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${error}<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required autofocus value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Sign you in with your account identifier',
  profile: 'Your name, username, picture and locale',
  email: 'Your email address',
  address: 'Your postal address',
  phone: 'Your phone number',
  offline_access: 'Stay signed in when you are not using it (refresh tokens)',
};

function consentPage(uid: string, clientName: string, accountName: string, scopes: string[]): string {
  const items = scopes
    .map((scope) => `<li><code>${escapeHtml(scope)}</code> ${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? '')}</li>`)
    .join('\n');
  return page(
    'Authorize',
    `<h1>Authorize ${escapeHtml(clientName)}</h1>
<p>Signed in as <strong>${escapeHtml(accountName)}</strong>.</p>
<p><strong>${escapeHtml(clientName)}</strong> asks to:</p>
<ul id="scopes">
${items}
</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm" class="actions">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  );
}

function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="alert" role="alert">${escapeHtml(message)}</p>`);
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer | string): void {
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  out['content-length'] = buffer.length;
  res.writeHead(status, out);
  res.end(buffer);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, html);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Removes RFC 9207 `iss` from an authorization response redirect (used when `issParameter: false`). */
function stripIssFromLocation(location: string): string {
  const url = new URL(location);
  url.searchParams.delete('iss');
  if (url.hash.length > 1) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.delete('iss');
    url.hash = fragment.toString();
  }
  return url.href;
}

// ---------------------------------------------------------------------------------------------

/** Starts a test provider on 127.0.0.1 (random port unless `options.port`); resolves when it listens. */
export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const signingAlg = options.signingAlg ?? 'RS256';
  const [{ default: Provider, errors }, firstKey] = await Promise.all([
    import('oidc-provider'), // lazily, so importing this module's constants does not load oidc-provider
    createSigningKey(signingAlg),
  ]);

  const accounts = new Map<string, TestAccount>();
  for (const account of [...Object.values(TEST_ACCOUNTS), ...(options.accounts ?? [])]) {
    accounts.set(account.username, account);
  }
  const accountsBySub = (): Map<string, TestAccount> => new Map([...accounts.values()].map((a) => [a.sub, a]));
  const clients = [...(options.clients ?? [defaultClientMetadata()]), ...(options.extraClients ?? [])].map((client) =>
    options.deviceFlow ? { ...client, grant_types: [...new Set([...(client.grant_types ?? ['authorization_code']), DEVICE_GRANT])] } : client,
  );
  const adapter = createMemoryStore();
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const par = options.par === true || options.requirePar === true;
  const issParameter = options.issParameter ?? true;

  let keys: SigningKey[] = [firstKey];
  let requestHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let interceptHandler: InterceptHandler | undefined;
  let transformHandler: TransformHandler | undefined;
  const requests: RecordedRequest[] = [];
  const seenProofs = new Set<string>();

  const findAccount: Configuration['findAccount'] = (_ctx, sub) => {
    const account = accountsBySub().get(sub);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      claims: () => ({ ...account.claims, sub: account.sub }),
    };
  };

  const createOidc = (): ProviderClass => {
    const configuration: Configuration = {
      adapter,
      clients,
      clientDefaults: {
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: signingAlg,
      },
      claims: {
        openid: ['sub'],
        profile: [
          'name',
          'given_name',
          'family_name',
          'middle_name',
          'nickname',
          'preferred_username',
          'profile',
          'picture',
          'website',
          'gender',
          'birthdate',
          'zoneinfo',
          'locale',
          'updated_at',
        ],
        email: ['email', 'email_verified'],
        address: ['address'],
        phone: ['phone_number', 'phone_number_verified'],
      },
      scopes: ['openid', 'offline_access', 'profile', 'email', 'address', 'phone'],
      ...(options.acrValues ? { acrValues: options.acrValues } : {}),
      cookies: { keys: cookieKeys },
      jwks: { keys: keys.map((key) => key.privateJwk) },
      findAccount,
      pkce: { required: () => true },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      clientBasedCORS: (_ctx, origin) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(origin),
      ttl: {
        AccessToken: options.accessTokenTtlSeconds ?? 3600,
        AuthorizationCode: 60,
        BackchannelAuthenticationRequest: 600,
        ClientCredentials: 600,
        DeviceCode: 600,
        Grant: 14 * 24 * 3600,
        IdToken: options.idTokenTtlSeconds ?? 3600,
        Interaction: 3600,
        PreAuthorizedCode: 600,
        RefreshToken: options.refreshTokenTtlSeconds ?? 14 * 24 * 3600,
        Session: 14 * 24 * 3600,
      },
      ...(options.rotateRefreshTokens === undefined ? {} : { rotateRefreshToken: options.rotateRefreshTokens }),
      features: {
        devInteractions: { enabled: false },
        revocation: {
          enabled: options.revocation ?? true,
          allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
        },
        introspection: {
          enabled: options.introspection ?? true,
          allowedPolicy: (ctx, client, token) =>
            client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId,
        },
        userinfo: { enabled: options.userinfo ?? true },
        rpInitiatedLogout: {
          enabled: options.endSession ?? true,
          logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
            ctx.type = 'html';
            ctx.body = page(
              'Sign out',
              `<h1>Sign out</h1>
<p>Do you want to sign out from the Test OpenID Provider?</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>
</div>`,
            );
          },
          postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
            ctx.type = 'html';
            ctx.body = page('Signed out', '<h1>Signed out</h1>\n<p>You have been signed out.</p>');
          },
        },
        deviceFlow: {
          enabled: options.deviceFlow !== undefined,
          userCodeInputSource: (ctx: KoaContextWithOIDC, form: string, _out: unknown, err: unknown) => {
            ctx.type = 'html';
            const message = err ? '<p class="alert" role="alert">That code did not work. Check it and try again.</p>' : '<p>Enter the code the app shows.</p>';
            ctx.body = page('Sign in on another device', `<h1>Enter the code</h1>\n${message}\n${form}\n<button type="submit" form="op.deviceInputForm">Continue</button>`);
          },
          userCodeConfirmSource: (ctx: KoaContextWithOIDC, form: string, client: { clientName?: string; clientId: string }, _deviceInfo: unknown, userCode: string) => {
            ctx.type = 'html';
            ctx.body = page(
              'Confirm the code',
              `<h1>Confirm the code</h1>\n<p><strong>${escapeHtml(client.clientName ?? client.clientId)}</strong> shows <code id="user-code">${escapeHtml(userCode)}</code>.</p>\n${form}\n<div class="actions"><button type="submit" form="op.deviceConfirmForm">Continue</button><button type="submit" form="op.deviceConfirmForm" name="abort" value="yes" class="secondary">Abort</button></div>`,
            );
          },
          successSource: (ctx: KoaContextWithOIDC) => {
            ctx.type = 'html';
            ctx.body = page('Signed in', '<h1>Signed in</h1>\n<p>You can close this page and return to the app.</p>');
          },
        },
        dPoP: {
          enabled: (options.dpop ?? false) || options.dpopNonce === true,
          ...(options.dpopNonce ? { nonceSecret: randomBytes(32), requireNonce: () => true } : {}),
        },
        pushedAuthorizationRequests: {
          enabled: par,
          requirePushedAuthorizationRequests: options.requirePar ?? false,
        },
      },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page(
          'Sign-in error',
          `<h1>Sign-in error</h1>
<p class="alert" role="alert"><code id="error">${escapeHtml(out.error)}</code> <span id="error_description">${escapeHtml(out.error_description ?? '')}</span></p>`,
        );
      },
    };
    const oidc = new Provider(tokenIssuer, configuration);
    oidc.on('server_error', (_ctx: unknown, error: unknown) => {
      console.error('[test provider] server_error:', error);
    });
    return oidc;
  };

  // ---- interactions (login, consent) on the internal server

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const match = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(pathname);
    if (!match) return sendHtml(res, 404, errorPage('Not found', 'There is no such page.'));
    const [, uid = '', action] = match;
    const method = req.method ?? 'GET';
    if ((action === undefined && method !== 'GET') || (action !== undefined && method !== 'POST')) {
      return sendHtml(res, 405, errorPage('Method not allowed', `${method} is not allowed here.`));
    }
    const form = new URLSearchParams(action ? (await readBody(req)).toString('utf8') : '');
    const oidc = current();
    let details;
    try {
      details = await oidc.interactionDetails(req, res);
    } catch (error) {
      const message = error instanceof errors.SessionNotFound
        ? 'This sign-in request expired or was already completed. Go back to the app and start again.'
        : String((error as Error).message);
      return sendHtml(res, 400, errorPage('Sign-in request not found', message));
    }
    if (details.uid !== uid) return sendHtml(res, 400, errorPage('Sign-in error', 'Interaction mismatch.'));
    const { prompt, params } = details;
    const clientId = typeof params.client_id === 'string' ? params.client_id : '';
    const client = await oidc.Client.find(clientId);
    const clientName = client?.clientName ?? clientId;

    if (action === 'abort') {
      const result: InteractionResults = {
        error: 'access_denied',
        error_description: 'The user cancelled the sign-in.',
      };
      return oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }

    if (prompt.name === 'login') {
      if (action === undefined) {
        const hint = typeof params.login_hint === 'string' ? params.login_hint : undefined;
        return sendHtml(res, 200, loginPage(uid, clientName, { username: hint }));
      }
      if (action !== 'login') return sendHtml(res, 400, errorPage('Sign-in error', 'Sign in first.'));
      const username = form.get('username') ?? '';
      const account = accounts.get(username);
      if (!account || account.password !== (form.get('password') ?? '')) {
        return sendHtml(res, 200, loginPage(uid, clientName, { username, error: 'Wrong username or password. Try again.' }));
      }
      // The assurance level asked for (acr_values) is met when the provider supports it.
      const asked = typeof params.acr_values === 'string' ? params.acr_values.split(' ') : [];
      const acr = asked.find((value) => (options.acrValues ?? []).includes(value));
      const result: InteractionResults = { login: { accountId: account.sub, amr: ['pwd'], remember: true, ...(acr ? { acr } : {}) } };
      return oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }

    if (prompt.name === 'consent') {
      const accountId = details.session?.accountId ?? '';
      if (action === undefined) {
        const account = accountsBySub().get(accountId);
        const scopes = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
        const accountName = account ? `${typeof account.claims.name === 'string' ? account.claims.name : account.username} (${account.username})` : accountId;
        return sendHtml(res, 200, consentPage(uid, clientName, accountName, scopes));
      }
      if (action !== 'confirm') return sendHtml(res, 400, errorPage('Sign-in error', 'Unexpected step.'));
      if (form.get('decision') !== 'allow') {
        const result: InteractionResults = {
          error: 'access_denied',
          error_description: 'The user denied the request.',
        };
        return oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
      }
      const grant = details.grantId
        ? ((await oidc.Grant.find(details.grantId)) ?? new oidc.Grant({ accountId, clientId }))
        : new oidc.Grant({ accountId, clientId });
      const missingScope = prompt.details.missingOIDCScope;
      if (Array.isArray(missingScope)) grant.addOIDCScope(missingScope.join(' '));
      const missingClaims = prompt.details.missingOIDCClaims;
      if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
      const missingResourceScopes = prompt.details.missingResourceScopes;
      if (missingResourceScopes && typeof missingResourceScopes === 'object') {
        for (const [indicator, scopes] of Object.entries(missingResourceScopes as Record<string, string[]>)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
      }
      const grantId = await grant.save();
      const result: InteractionResults = { consent: details.grantId ? {} : { grantId } };
      return oidc.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    }

    return sendHtml(res, 400, errorPage('Sign-in error', `Unsupported prompt: ${prompt.name}`));
  }

  // ---- internal server: oidc-provider plus the interaction pages

  const internal = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://internal').pathname;
    if (pathname.startsWith('/interaction/')) {
      handleInteraction(req, res, pathname).catch((error: unknown) => {
        console.error('[test provider] interaction error:', error);
        if (!res.headersSent) sendHtml(res, 500, errorPage('Server error', String(error)));
        else res.destroy();
      });
      return;
    }
    if (!requestHandler) return sendHtml(res, 503, 'starting');
    // oidc-provider (Koa) answers its own errors; anything that still escapes is reported here.
    requestHandler(req, res).catch((error: unknown) => {
      console.error('[test provider] request error:', error);
      if (!res.headersSent) sendHtml(res, 500, errorPage('Server error', String(error)));
      else res.destroy();
    });
  });
  const internalPort = await listen(internal, 0);
  const agent = new Agent({ keepAlive: true });

  function forward(req: IncomingMessage, body: Buffer, host: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: OutgoingHttpHeaders = plainHeaders(req.headers);
      headers.host = host;
      if (body.length > 0 || !['GET', 'HEAD'].includes(req.method ?? 'GET')) headers['content-length'] = body.length;
      const upstream = httpRequest(
        { host: '127.0.0.1', port: internalPort, method: req.method, path: req.url, headers, agent },
        (response) => {
          readBody(response).then(
            (data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }),
            reject,
          );
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  // ---- public server: records, intercepts, forwards, transforms

  async function handlePublic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, issuer);
    requests.push({ method, path: url.pathname, url: rawUrl, time: Date.now() });
    const body = await readBody(req);
    const seen: InterceptedRequest = { method, path: url.pathname, url, headers: req.headers, body: body.toString('utf8') };

    const fake = (interceptHandler ? await interceptHandler(seen) : undefined) ?? quirkAnswer(seen);
    if (fake === 'drop') {
      res.destroy();
      return;
    }
    if (fake) {
      const headers = { ...fake.headers };
      let text = '';
      if (typeof fake.body === 'string') text = fake.body;
      else if (fake.body !== undefined) {
        text = JSON.stringify(fake.body);
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
          headers['content-type'] = 'application/json; charset=utf-8';
        }
      }
      send(res, fake.status, headers, text);
      return;
    }

    if (url.pathname === RESOURCE_PATH) {
      const answer = await serveProtectedResource({ method, url, headers: req.headers }, oidcInstance, seenProofs);
      send(res, answer.status, answer.headers, answer.body);
      return;
    }

    const upstream = await forward(req, body, `127.0.0.1:${port}`);
    let response: ProxiedResponse | undefined;
    if (!issParameter) response = stripIss(url, upstream);
    response = quirkRewrite(seen, response ?? { status: upstream.status, headers: plainHeaders(upstream.headers), body: upstream.body.toString('utf8') }) ?? response;
    if (transformHandler) {
      response ??= { status: upstream.status, headers: plainHeaders(upstream.headers), body: upstream.body.toString('utf8') };
      response = (await transformHandler(seen, response)) ?? response;
    }
    if (response) send(res, response.status, response.headers, response.body);
    else send(res, upstream.status, plainHeaders(upstream.headers), upstream.body);
  }

  // ---- quirks: what real providers do, on demand

  const quirks = options.quirks ?? {};
  const registeredRedirects = new Set(clients.flatMap((client) => client.redirect_uris ?? []));

  function quirkAnswer(req: InterceptedRequest): FakeResponse | undefined {
    const form = new URLSearchParams(req.body);
    if (quirks.exactRedirectUris) {
      const redirect = req.path === '/auth' ? req.url.searchParams.get('redirect_uri') : req.path === '/request' ? form.get('redirect_uri') : null;
      if (redirect !== null && !registeredRedirects.has(redirect)) {
        return req.path === '/auth' ? { status: 403, body: '' } : { status: 400, body: { error: 'invalid_request', error_description: 'redirect_uri does not match' } };
      }
    }
    if (quirks.refusePublicRevocation && req.path === '/token/revocation' && !req.headers.authorization && !form.has('client_secret')) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'client authentication is required' } };
    }
    if (quirks.basicCredentialsNotDecoded && req.headers.authorization?.startsWith('Basic ')) {
      const raw = Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8');
      if (raw.includes('%')) return { status: 401, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    }
    if (quirks.parRejectsNoncelessProof && req.path === '/request' && typeof req.headers.dpop === 'string') {
      const payload = JSON.parse(Buffer.from(req.headers.dpop.split('.')[1] ?? '', 'base64url').toString('utf8')) as { nonce?: unknown };
      if (payload.nonce === undefined) return { status: 403, body: { error: 'invalid_dpop_proof', error_description: 'nonce required' } };
    }
    return undefined;
  }

  function quirkRewrite(req: InterceptedRequest, res: ProxiedResponse): ProxiedResponse | undefined {
    if (req.path === '/.well-known/openid-configuration' && res.status === 200 && (quirks.refusePublicRevocation || quirks.refreshGrantNotAdvertised)) {
      const metadata = JSON.parse(res.body) as Record<string, unknown>;
      if (quirks.refusePublicRevocation) metadata.revocation_endpoint_auth_methods_supported = ['client_secret_basic', 'client_secret_post'];
      if (quirks.refreshGrantNotAdvertised) metadata.grant_types_supported = ((metadata.grant_types_supported as string[] | undefined) ?? ['authorization_code']).filter((grant) => grant !== 'refresh_token');
      return { ...res, body: JSON.stringify(metadata) };
    }
    if (options.deviceFlow?.interval !== undefined && req.path === '/device/auth' && res.status === 200) {
      return { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), interval: options.deviceFlow.interval }) };
    }
    if (quirks.deadRefreshAsInvalidRequest && req.path === '/token' && res.status === 400 && new URLSearchParams(req.body).get('grant_type') === 'refresh_token') {
      const answer = JSON.parse(res.body) as { error?: string };
      if (answer.error === 'invalid_grant') return { ...res, body: JSON.stringify({ error: 'invalid_request', error_description: 'refresh token is not valid' }) };
    }
    return undefined;
  }

  function stripIss(url: URL, upstream: { status: number; headers: IncomingHttpHeaders; body: Buffer }): ProxiedResponse | undefined {
    const headers = plainHeaders(upstream.headers);
    if (url.pathname === '/.well-known/openid-configuration' && upstream.status === 200) {
      const metadata = JSON.parse(upstream.body.toString('utf8')) as Record<string, unknown>;
      delete metadata.authorization_response_iss_parameter_supported;
      return { status: upstream.status, headers, body: JSON.stringify(metadata) };
    }
    const location = headers.location;
    if (typeof location === 'string' && upstream.status >= 300 && upstream.status < 400) {
      const target = new URL(location, issuer);
      if (target.origin !== issuer && (target.searchParams.has('code') || target.searchParams.has('error'))) {
        headers.location = stripIssFromLocation(target.href);
        return { status: upstream.status, headers, body: upstream.body.toString('utf8') };
      }
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    handlePublic(req, res).catch((error: unknown) => {
      // A client that left (an app's sign-in check cancelled with its flow, a test that closed
      // the provider) is no proxy error: the answer has nobody to go to.
      const gone = req.destroyed || closing !== undefined || (error as { code?: unknown }).code === 'ECONNRESET';
      if (!gone) console.error('[test provider] proxy error:', error);
      if (!res.headersSent) send(res, 502, { 'content-type': 'text/plain; charset=utf-8' }, `test provider proxy error: ${String(error)}`);
      else res.destroy();
    });
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    await stopServer(internal);
    agent.destroy();
    throw error;
  }
  const issuer = `http://127.0.0.1:${port}`;
  const tokenIssuer = options.issuer ?? issuer;

  let oidcInstance = createOidc();
  requestHandler = oidcInstance.callback();
  function current(): ProviderClass {
    return oidcInstance;
  }

  let closing: Promise<void> | undefined;

  return {
    issuer,
    tokenIssuer,
    port,
    clientId: clients[0]?.client_id ?? TEST_CLIENT_ID,
    get jwks(): PublicJwks {
      return { keys: keys.map((key) => ({ ...key.publicJwk })) };
    },
    get apiUrl(): string {
      return `${issuer}${RESOURCE_PATH}`;
    },
    get kid(): string {
      return keys[0]!.kid;
    },
    requests,
    get oidc(): ProviderClass {
      return oidcInstance;
    },
    clearRequests() {
      requests.length = 0;
    },
    intercept(handler) {
      interceptHandler = handler;
    },
    transform(handler) {
      transformHandler = handler;
    },
    async rotateKeys(rotateOptions = {}) {
      const next = await createSigningKey(signingAlg);
      keys = rotateOptions.keepPrevious ? [next, ...keys] : [next];
      oidcInstance = createOidc();
      requestHandler = oidcInstance.callback();
    },
    async signJwt(payload, signOptions = {}) {
      const key = keys[0]!;
      const header: JWTHeaderParameters = { alg: signOptions.alg ?? key.alg };
      if (signOptions.kid !== null) header.kid = signOptions.kid ?? key.kid;
      if (signOptions.typ !== undefined) header.typ = signOptions.typ;
      return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
    },
    close() {
      closing ??= (async () => {
        await Promise.all([stopServer(server), stopServer(internal)]);
        agent.destroy();
      })();
      return closing;
    },
  };
}
