/**
 * The app's configuration: which OpenID provider to sign in with. Read from environment
 * variables and `config.json` in the user-data folder (environment wins, field by field),
 * validated once here with messages that name the field and where it came from.
 * `loadConfig` is pure; `readConfigFile` is the only I/O.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import type { ProviderConfig } from './auth/types.ts';
import { DEEP_LINK_SCHEME } from './deep-link.ts';
import { isLoopbackHost } from './external-url.ts';

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
}

/** The result of `loadConfig`: a config, or why there is none. */
export type ConfigResult =
  | { ok: true; config: AppConfig }
  | { ok: false; code: 'not_configured' | 'invalid_config'; message: string; problems: string[] };

/** The demo provider started by `npm start` (scripts/start.ts). */
export interface DemoProvider {
  issuer: string;
  clientId: string;
}

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
  providerName: { schema: stringField, env: 'OIDC_PROVIDER_NAME', envKind: 'string' },
  browserOrigins: { schema: v.array(originField, 'must be a list of origins'), env: 'OIDC_BROWSER_ORIGINS', envKind: 'list' },
} satisfies Record<string, FieldSpec>;

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

function demoConfig(demo: DemoProvider): ConfigResult {
  const url = parseUrl(demo.issuer);
  // The demo turns on allowInsecureRequests, so it must never point off this machine.
  if (url === undefined || !isLoopbackHost(url.hostname) || !['http:', 'https:'].includes(url.protocol)) {
    const message = 'OIDC_DEMO_ISSUER must be a loopback URL such as http://127.0.0.1:3000';
    return { ok: false, code: 'invalid_config', message, problems: [message] };
  }
  return {
    ok: true,
    config: {
      provider: { issuer: demo.issuer, clientId: demo.clientId, allowInsecureRequests: url.protocol === 'http:' },
      providerName: 'the local demo provider',
      demo: true,
      browserOrigins: [],
    },
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
      'No OpenID provider is configured. Set OIDC_ISSUER and OIDC_CLIENT_ID, ' +
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

  const { providerName, browserOrigins, ...providerFields } = merged;
  const provider = Object.fromEntries(
    Object.entries(providerFields).filter(([, value]) => value !== undefined),
  ) as unknown as ProviderConfig;
  return {
    ok: true,
    config: {
      provider,
      providerName: (providerName as string | undefined) ?? new URL(issuer).host,
      demo: false,
      browserOrigins: (browserOrigins as string[] | undefined) ?? [],
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
