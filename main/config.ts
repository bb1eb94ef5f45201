/**
 * The app's configuration: which OpenID provider to sign in with. Read from environment
 * variables and `config.json` in the user-data folder (environment wins, field by field),
 * validated once here with messages that name the field and where it came from.
 * `loadConfig` is pure; `readConfigFile`, `loadAppConfig` and `writeConfigFile` do the I/O.
 *
 * config.json is hand-written or saved by the setup screen. The setup screen's file holds the
 * same flat fields a person would write, plus `presetId` and `values` (what was typed into the
 * form) so the screen can show them again; the app itself only uses the flat fields.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as v from 'valibot';
import { apiUrlProblem, isLoopbackHost, TOKEN_ENDPOINT_AUTH_METHODS } from './auth/config.ts';
import type { ProviderConfig } from './auth/types.ts';
import { DEEP_LINK_SCHEME } from './deep-link.ts';
import type { ConfigSource, SetupRequest } from '#ipc-contract';
import { PRESET_IDS, type PresetId } from './providers/presets.ts';

/** The file name in the user-data folder. */
export const CONFIG_FILE_NAME = 'config.json';

/** Everything the glue needs to know about the provider. */
export interface AppConfig {
  provider: ProviderConfig;
  /** Shown to the person ("Sign in with <providerName>"). */
  providerName: string;
  /** True when the built-in demo provider is used because nothing was configured. */
  demo: boolean;
  /** Origins besides the issuer's that the browser may be sent to. */
  browserOrigins: string[];
  /** `env` when OIDC_ISSUER or OIDC_CLIENT_ID set the provider (the setup screen cannot change it). */
  source: ConfigSource;
  /** The protected API the app may call with the session's access token. */
  apiUrl?: string;
  /** What the setup screen saved (config.json's `presetId` and `values`), to show it again. */
  setup?: SetupRequest;
}

/** The result of `loadConfig`: a config, or why there is none. */
export type ConfigResult =
  | { ok: true; config: AppConfig }
  | { ok: false; code: 'not_configured' | 'invalid_config'; message: string; problems: string[] };

/** The demo provider started by `npm start` (scripts/start.ts). */
export interface DemoProvider {
  issuer: string;
  clientId: string;
  /** Its protected resource. Default `<issuer>/api/profile` (test/support/resource-server.ts). */
  apiUrl?: string;
}

/** Where the demo provider serves its protected resource. */
export const DEMO_API_PATH = '/api/profile';

/** Inputs of `loadConfig`. */
export interface LoadConfigInput {
  /** Usually `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** The text of config.json, or undefined when there is none. */
  fileText?: string | undefined;
  /** Where config.json lives, named in the "not configured" message. */
  filePath?: string;
  /** The demo provider to fall back on when nothing is configured.
   *  Default: from OIDC_DEMO_ISSUER / OIDC_DEMO_CLIENT_ID in `env`, if set. */
  demo?: DemoProvider | undefined;
}

const stringField = v.pipe(v.string('must be a string'), v.trim(), v.nonEmpty('must not be empty'));

// Valibot runs every action of a pipe, so these checks pass unparsable input through for
// `v.url()` to report once, instead of throwing.
function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const isSecureOrLoopbackUrl = (value: string): boolean => {
  const url = parseUrl(value);
  return url === undefined || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
};

const urlField = v.pipe(
  stringField,
  v.url('must be a URL such as https://login.example.com'),
  v.check(isSecureOrLoopbackUrl, 'must be an https URL (http is allowed only for 127.0.0.1 or localhost)'),
);

const originField = v.pipe(
  stringField,
  v.url('must list origins such as https://login.example.com'),
  v.check((value) => {
    const url = parseUrl(value);
    return url === undefined || url.protocol === 'https:';
  }, 'must list https origins'),
  v.check((value) => {
    const url = parseUrl(value);
    return url === undefined || url.protocol !== 'https:' || url.origin === value.replace(/\/$/, '');
  }, 'must list bare origins (no path), such as https://login.example.com'),
);

const pathField = v.pipe(
  v.string('must be a string'),
  v.regex(/^\/[A-Za-z0-9\-._~/%]*$/, 'must be a path starting with "/" (no query or fragment)'),
);

const booleanField = v.boolean('must be true or false');

// The access token goes wherever this points: https only (the loopback exception is checked in
// loadConfig, where allowInsecureRequests is known), and never a URL with credentials.
const apiUrlField = v.pipe(
  urlField,
  v.check((value) => {
    const url = parseUrl(value);
    return url === undefined || (url.username === '' && url.password === '' && url.hash === '');
  }, 'must be a plain URL, without credentials or fragment'),
);

// Only the scheme the operating system hands to this app can bring a redirect back to it.
const privateUseRedirectField = v.pipe(
  stringField,
  v.check(
    (value) => value.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:/`) && parseUrl(value) !== undefined,
    `must be a URI of this app's scheme, such as ${DEEP_LINK_SCHEME}:/callback`,
  ),
);

const integerField = (min: number, max: number) =>
  v.pipe(
    v.number(`must be an integer from ${min} to ${max}`),
    v.integer(`must be an integer from ${min} to ${max}`),
    v.minValue(min, `must be an integer from ${min} to ${max}`),
    v.maxValue(max, `must be an integer from ${min} to ${max}`),
  );

type EnvKind = 'string' | 'list' | 'integer' | 'boolean' | 'none';

interface FieldSpec {
  schema: v.GenericSchema;
  /** The environment variable that overrides the file's field, if any. */
  env?: string;
  envKind: EnvKind;
}

// One table for file and environment, so both give the same checks and the same messages.
const FIELDS = {
  issuer: { schema: urlField, env: 'OIDC_ISSUER', envKind: 'string' },
  clientId: { schema: stringField, env: 'OIDC_CLIENT_ID', envKind: 'string' },
  clientSecret: { schema: stringField, env: 'OIDC_CLIENT_SECRET', envKind: 'string' },
  scopes: {
    schema: v.pipe(
      v.array(v.pipe(v.string('must list scopes as strings'), v.regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must list scopes without spaces or quotes')), 'must be a list of scopes'),
      v.check((scopes) => scopes.includes('openid'), 'must include "openid"'),
    ),
    env: 'OIDC_SCOPES',
    envKind: 'list',
  },
  redirectPort: { schema: integerField(1, 65_535), env: 'OIDC_REDIRECT_PORT', envKind: 'integer' },
  redirectPath: { schema: pathField, env: 'OIDC_REDIRECT_PATH', envKind: 'string' },
  privateUseRedirectUri: { schema: privateUseRedirectField, env: 'OIDC_PRIVATE_USE_REDIRECT_URI', envKind: 'string' },
  postLogoutRedirectPath: { schema: pathField, env: 'OIDC_POST_LOGOUT_REDIRECT_PATH', envKind: 'string' },
  signInTimeoutMs: { schema: integerField(1_000, 3_600_000), env: 'OIDC_SIGN_IN_TIMEOUT_MS', envKind: 'integer' },
  clockToleranceSeconds: { schema: integerField(0, 600), env: 'OIDC_CLOCK_TOLERANCE_SECONDS', envKind: 'integer' },
  prompt: { schema: v.string('must be a string'), env: 'OIDC_PROMPT', envKind: 'string' },
  idTokenSigningAlg: { schema: stringField, env: 'OIDC_ID_TOKEN_SIGNING_ALG', envKind: 'string' },
  expectedIssuer: { schema: stringField, env: 'OIDC_EXPECTED_ISSUER', envKind: 'string' },
  allowInsecureRequests: { schema: booleanField, env: 'OIDC_ALLOW_INSECURE_REQUESTS', envKind: 'boolean' },
  assumeS256PkceSupport: { schema: booleanField, env: 'OIDC_ASSUME_S256_PKCE_SUPPORT', envKind: 'boolean' },
  extraAuthorizationParams: {
    schema: v.record(v.string(), v.string('must map names to strings'), 'must be an object of strings'),
    envKind: 'none',
  },
  dpop: { schema: booleanField, env: 'OIDC_DPOP', envKind: 'boolean' },
  pushedAuthorizationRequests: { schema: booleanField, env: 'OIDC_PUSHED_AUTHORIZATION_REQUESTS', envKind: 'boolean' },
  selectAccountPrompt: { schema: booleanField, env: 'OIDC_SELECT_ACCOUNT_PROMPT', envKind: 'boolean' },
  tokenEndpointAuthMethod: {
    schema: v.picklist(TOKEN_ENDPOINT_AUTH_METHODS, `must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}`),
    env: 'OIDC_TOKEN_ENDPOINT_AUTH_METHOD',
    envKind: 'string',
  },
  providerName: { schema: stringField, env: 'OIDC_PROVIDER_NAME', envKind: 'string' },
  browserOrigins: { schema: v.array(originField, 'must be a list of origins'), env: 'OIDC_BROWSER_ORIGINS', envKind: 'list' },
  apiUrl: { schema: apiUrlField, env: 'OIDC_API_URL', envKind: 'string' },
  // What the setup screen saved: read back to fill its form, never used to sign in.
  presetId: { schema: v.picklist(PRESET_IDS, `must be one of ${PRESET_IDS.join(', ')}`), envKind: 'none' },
  values: { schema: v.record(v.string(), v.string('must map field names to strings'), 'must be an object of strings'), envKind: 'none' },
} satisfies Record<string, FieldSpec>;

/** Fields that describe the app rather than the provider: kept out of ProviderConfig. */
const APP_FIELDS = ['providerName', 'browserOrigins', 'apiUrl', 'presetId', 'values'] as const;

type FieldName = keyof typeof FIELDS;
type Settings = Partial<Record<FieldName, unknown>>;

const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** Turns an environment string into the JSON type the field's schema expects; values that do
 *  not convert are left as strings, so the schema reports them with the field's message. */
function fromEnv(kind: EnvKind, raw: string): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'list':
      return text.split(/\s+/).filter(Boolean);
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'boolean':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      return text;
    case 'string':
    case 'none':
      return raw;
  }
}

function validateField(name: FieldName, value: unknown, label: string, problems: string[]): unknown {
  const result = v.safeParse(FIELDS[name].schema, value);
  if (result.success) return result.output;
  const message = result.issues[0]?.message ?? 'is not valid';
  problems.push(`${label} ${message}`);
  return undefined;
}

function readFileSettings(fileText: string, problems: string[]): Settings {
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch (error) {
    problems.push(`${CONFIG_FILE_NAME} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push(`${CONFIG_FILE_NAME} must hold a JSON object such as {"issuer": "https://login.example.com", "clientId": "..."}`);
    return {};
  }
  const settings: Settings = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(key in FIELDS)) {
      // A typo ("clientID") would otherwise be ignored silently and the default used.
      problems.push(`${CONFIG_FILE_NAME}: unknown field "${key}" (known fields: ${FIELD_NAMES.join(', ')})`);
      continue;
    }
    const name = key as FieldName;
    const output = validateField(name, value, `${CONFIG_FILE_NAME}: ${name}`, problems);
    if (output !== undefined) settings[name] = output;
  }
  return settings;
}

function readEnvSettings(env: LoadConfigInput['env'], problems: string[]): Settings {
  const settings: Settings = {};
  for (const name of FIELD_NAMES) {
    const spec: FieldSpec = FIELDS[name];
    if (spec.env === undefined) continue;
    const raw = env[spec.env];
    // An empty variable (`OIDC_CLIENT_SECRET=`) reads as "not set", as in most shells' habits.
    if (raw === undefined || raw.trim() === '') continue;
    const output = validateField(name, fromEnv(spec.envKind, raw), spec.env, problems);
    if (output !== undefined) settings[name] = output;
  }
  return settings;
}

function demoFromEnv(env: LoadConfigInput['env']): DemoProvider | undefined {
  const issuer = env.OIDC_DEMO_ISSUER?.trim();
  if (!issuer) return undefined;
  return { issuer, clientId: env.OIDC_DEMO_CLIENT_ID?.trim() || 'desktop-app' };
}

/**
 * True while the demo provider of `npm start` (or a test) runs: it says so with
 * OIDC_DEMO_ISSUER. Only then may the setup screen accept an http://127.0.0.1 provider
 * (presets' `allowInsecureLoopback`); a packaged app started normally never has it.
 */
export function demoProviderPresent(env: LoadConfigInput['env']): boolean {
  return demoFromEnv(env) !== undefined;
}

function isLoopbackUrl(value: string): URL | undefined {
  const url = parseUrl(value);
  return url !== undefined && isLoopbackHost(url.hostname) && ['http:', 'https:'].includes(url.protocol) ? url : undefined;
}

function demoConfig(demo: DemoProvider): ConfigResult {
  const url = isLoopbackUrl(demo.issuer);
  // The demo turns on allowInsecureRequests, so it must never point off this machine.
  if (url === undefined) {
    const message = 'OIDC_DEMO_ISSUER must be a loopback URL such as http://127.0.0.1:3000';
    return { ok: false, code: 'invalid_config', message, problems: [message] };
  }
  const apiUrl = demo.apiUrl ?? `${demo.issuer.replace(/\/+$/, '')}${DEMO_API_PATH}`;
  if (isLoopbackUrl(apiUrl) === undefined) {
    const message = 'The demo provider\'s API must be a loopback URL such as http://127.0.0.1:3000/api/profile';
    return { ok: false, code: 'invalid_config', message, problems: [message] };
  }
  return {
    ok: true,
    config: {
      provider: { issuer: demo.issuer, clientId: demo.clientId, allowInsecureRequests: url.protocol === 'http:' },
      providerName: 'the local demo provider',
      demo: true,
      browserOrigins: [],
      source: 'demo',
      apiUrl,
    },
  };
}

/** The setup screen's saved form, when config.json has one. */
function savedSetup(file: Settings): SetupRequest | undefined {
  if (file.presetId === undefined || file.values === undefined) return undefined;
  return {
    presetId: file.presetId as PresetId,
    values: { ...(file.values as Record<string, string>) },
    ...(file.apiUrl === undefined ? {} : { apiUrl: file.apiUrl as string }),
    ...(file.providerName === undefined ? {} : { providerName: file.providerName as string }),
  };
}

function invalid(problems: string[]): ConfigResult {
  const message = `The sign-in configuration is not valid: ${problems.join('; ')}.`;
  return { ok: false, code: 'invalid_config', message, problems };
}

/** Merges config.json and the environment into an AppConfig, or explains what is wrong. */
export function loadConfig(input: LoadConfigInput): ConfigResult {
  const problems: string[] = [];
  const file = input.fileText === undefined ? {} : readFileSettings(input.fileText, problems);
  const fromEnvironment = readEnvSettings(input.env, problems);
  if (problems.length > 0) return invalid(problems);

  const merged: Settings = { ...file, ...fromEnvironment };
  if (merged.issuer === undefined && merged.clientId === undefined) {
    const demo = input.demo ?? demoFromEnv(input.env);
    if (demo !== undefined) return demoConfig(demo);
    const where = input.filePath ?? CONFIG_FILE_NAME;
    const message =
      'No OpenID provider is configured. Set one up in the app, set OIDC_ISSUER and OIDC_CLIENT_ID, ' +
      `or write "issuer" and "clientId" into ${where}.`;
    return { ok: false, code: 'not_configured', message, problems: [message] };
  }
  if (merged.issuer === undefined) problems.push(`issuer is missing: set OIDC_ISSUER or "issuer" in ${CONFIG_FILE_NAME}`);
  if (merged.clientId === undefined) problems.push(`clientId is missing: set OIDC_CLIENT_ID or "clientId" in ${CONFIG_FILE_NAME}`);
  if (problems.length > 0) return invalid(problems);

  const issuer = merged.issuer as string;
  if (new URL(issuer).protocol === 'http:' && merged.allowInsecureRequests !== true) {
    // http is an escape hatch for local providers: it has to be asked for by name.
    return invalid([`issuer is an http URL: set allowInsecureRequests to true (OIDC_ALLOW_INSECURE_REQUESTS=true) to use a local provider`]);
  }
  const apiUrl = merged.apiUrl as string | undefined;
  if (apiUrl !== undefined && apiUrlProblem(new URL(apiUrl), merged.allowInsecureRequests === true) === 'insecure') {
    // The access token travels with every call: in clear text only to a local test API.
    return invalid([`apiUrl is an http URL: it is allowed only for a local test API, with allowInsecureRequests set to true`]);
  }

  const provider = Object.fromEntries(
    Object.entries(merged).filter(([name, value]) => value !== undefined && !(APP_FIELDS as readonly string[]).includes(name)),
  ) as unknown as ProviderConfig;
  const setup = savedSetup(file);
  return {
    ok: true,
    config: {
      provider,
      providerName: (merged.providerName as string | undefined) ?? new URL(issuer).host,
      demo: false,
      browserOrigins: (merged.browserOrigins as string[] | undefined) ?? [],
      // Environment wins field by field: once it names the provider, a saved setup cannot change it.
      source: fromEnvironment.issuer !== undefined || fromEnvironment.clientId !== undefined ? 'env' : 'file',
      ...(apiUrl === undefined ? {} : { apiUrl }),
      ...(setup === undefined ? {} : { setup }),
    },
  };
}

/** Reads config.json's text, or undefined when the file does not exist. */
export async function readConfigFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Where config.json lives in a user-data folder. */
export function configFilePath(userDataDir: string): string {
  return join(userDataDir, CONFIG_FILE_NAME);
}

/** What the app starts with: config.json in `userDataDir` and the environment, via `loadConfig`.
 *  Shared by main/index.ts and the Playwright harness, so both read the same way. */
export async function loadAppConfig(options: { env: LoadConfigInput['env']; userDataDir: string }): Promise<ConfigResult> {
  const filePath = configFilePath(options.userDataDir);
  return loadConfig({ env: options.env, fileText: await readConfigFile(filePath), filePath });
}

/**
 * Replaces config.json atomically: the text goes to a temporary file beside it (owner-only,
 * flushed to disk), which is then renamed over the old one. A crash or a full disk leaves the
 * old file or the new one, never half of each, and the app never reads a half-written file.
 */
export async function writeConfigFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follow or reuse a file someone else put there; 0600: only the owner reads it.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
