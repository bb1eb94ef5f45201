/**
 * The setup screen's backend: presets for the form, "Test connection" (discovery against the
 * derived configuration with a throw-away sign-in service), and "Save" (validated, written to
 * config.json atomically, then applied to the running app). No Electron: the harness and the
 * tests run it as the app does.
 */
import { apiUrlProblem } from './auth/config.ts';
import { createAuthService } from './auth/index.ts';
import type { KeyValueStore, SecretCipher } from './auth/types.ts';
import type { AppConfig } from './config.ts';
import { loadConfig, writeConfigFile, type LoadConfigInput } from './config.ts';
import type { DiagnosticsEvent } from './diagnostics-log.ts';
import type { ConnectionReport, PresetSummary, SetupInfo, SetupRequest } from '#ipc-contract';
import { providerGuideUrl } from './docs-url.ts';
import { derivePreset, findPreset, PresetError, PRESETS, type DerivedProvider } from './providers/presets.ts';

/** An expected setup failure; `field` names the form input it is about. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** `SetupError` codes. */
export const SetupErrorCode = {
  /** A value the preset or the config validation refuses (`field` says which, when known). */
  invalidSetup: 'invalid_setup',
  /** Environment variables configure the provider: a saved setup would have no effect. */
  envConfigured: 'env_configured',
} as const;

/** What the setup channels of the IPC table call. Failures reject with SetupError or AuthError. */
export interface SetupBackend {
  getSetup(): Promise<SetupInfo>;
  testConnection(request: SetupRequest): Promise<ConnectionReport>;
  /** Saves and switches the running app to the new provider. */
  saveSetup(request: SetupRequest): Promise<void>;
}

/** Every preset as the setup screen lists it. */
export function presetSummaries(): PresetSummary[] {
  return PRESETS.map((preset) => ({
    id: preset.id,
    name: preset.name,
    docs: preset.docs,
    docsUrl: providerGuideUrl(preset.id),
    fields: preset.fields.map((field) => ({ ...field })),
  }));
}

/** A setup request that passed every check, and the config.json it becomes. */
export interface ValidatedSetup {
  derived: DerivedProvider;
  /** config.json's content. */
  file: Record<string, unknown>;
  fileText: string;
}

/** The longest provider name the window shows. */
const MAX_PROVIDER_NAME = 100;

function checkApiUrl(raw: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SetupError(SetupErrorCode.invalidSetup, `API URL "${raw}" is not a valid URL, such as https://api.example.com/me.`, 'apiUrl');
  }
  // The access token travels with every call to it.
  const problem = apiUrlProblem(url, allowInsecure);
  if (problem === 'insecure') throw new SetupError(SetupErrorCode.invalidSetup, 'API URL must use https: the access token is sent with every call.', 'apiUrl');
  if (problem || url.hash) throw new SetupError(SetupErrorCode.invalidSetup, 'API URL must be a plain URL, without credentials or fragment.', 'apiUrl');
  return url.href;
}

/**
 * Derives the provider configuration from the preset and checks everything config.json would
 * be checked for. `allowInsecureLoopback` accepts an http://127.0.0.1 provider and API (the
 * demo provider). @throws SetupError naming the field.
 */
export function validateSetup(request: SetupRequest, options: { allowInsecureLoopback: boolean }): ValidatedSetup {
  const preset = findPreset(request.presetId);
  if (!preset) throw new SetupError(SetupErrorCode.invalidSetup, `"${request.presetId}" is not a known provider type.`, 'presetId');
  let derived: DerivedProvider;
  try {
    derived = derivePreset(preset, request.values, { allowInsecureLoopback: options.allowInsecureLoopback });
  } catch (error) {
    if (error instanceof PresetError) throw new SetupError(SetupErrorCode.invalidSetup, error.message, error.field);
    throw error;
  }
  const apiUrl = request.apiUrl?.trim() ? checkApiUrl(request.apiUrl, derived.provider.allowInsecureRequests === true) : undefined;
  const providerName = request.providerName?.trim() || undefined;
  if (providerName !== undefined && (providerName.length > MAX_PROVIDER_NAME || /[\u0000-\u001f\u007f]/.test(providerName))) {
    throw new SetupError(SetupErrorCode.invalidSetup, `Provider name must be one line of at most ${MAX_PROVIDER_NAME} characters.`, 'providerName');
  }

  // Only what the form asked for is kept. A preset's secret field is dropped, except Google's
  // Desktop-app "secret", which Google requires and which cannot be kept secret in an app
  // anyway (RFC 8252 §8.5): PKCE protects the sign-in.
  const keepSecrets = preset.id === 'google';
  const values: Record<string, string> = {};
  for (const field of preset.fields) {
    const value = request.values[field.name];
    if (typeof value === 'string' && (field.kind !== 'secret' || keepSecrets)) values[field.name] = value;
  }
  const { clientSecret, ...provider } = derived.provider;
  const file: Record<string, unknown> = {
    ...provider,
    ...(clientSecret !== undefined && keepSecrets ? { clientSecret } : {}),
    ...(providerName === undefined ? {} : { providerName }),
    ...(apiUrl === undefined ? {} : { apiUrl }),
    presetId: preset.id,
    values,
  };
  const fileText = `${JSON.stringify(file, null, 2)}\n`;
  // The same checks the app runs when it reads the file at start.
  const check = loadConfig({ env: {}, fileText });
  if (!check.ok) throw new SetupError(SetupErrorCode.invalidSetup, check.message);
  return { derived, file, fileText };
}

/** A store that forgets: the probe's provider cache must not touch the app's session store. */
function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return {
    get: (key) => {
      const raw = data.get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    },
    set: (key, value) => {
      if (value === undefined) data.delete(key);
      else data.set(key, JSON.stringify(value));
    },
    delete: (key) => data.delete(key),
  };
}

/** "No secure storage": a probe has no session to keep. */
const NO_CIPHER: SecretCipher = {
  isAvailable: async () => false,
  encrypt: async () => {
    throw new Error('Test connection keeps no secrets.');
  },
  decrypt: async () => {
    throw new Error('Test connection keeps no secrets.');
  },
};

/** JSON with its keys sorted, so that two objects built in another order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Whether saving `next` would change what the app does (the provider, its API, its name). */
export function sameSetup(current: AppConfig, next: AppConfig): boolean {
  const effect = (config: AppConfig) => canonical([config.provider, config.apiUrl, config.providerName, config.browserOrigins]);
  return effect(current) === effect(next);
}

/** What the setup backend needs from the app. */
export interface SetupServiceOptions {
  env: LoadConfigInput['env'];
  /** Accept an http://127.0.0.1 provider and API: only while the demo provider runs
   *  (`demoProviderPresent`). */
  allowInsecureLoopback: boolean;
  /** config.json's path in the user-data folder. */
  configPath: string;
  /** The configuration in use, or undefined while nothing is configured. */
  current(): AppConfig | undefined;
  /** Switches the running app to a saved configuration. */
  apply(config: AppConfig): Promise<void>;
  /** Called before a configuration that differs from the one in use is written, and may refuse
   *  it by throwing (the app asks a signed-in person to sign in again first). */
  beforeChange?(next: AppConfig, current: AppConfig): Promise<void>;
  /** The app's fetch (Electron: the provider session's fetch, the system proxy), used by Test connection too. */
  fetch?: typeof globalThis.fetch;
  /** Where the probe's own diagnostic events go. */
  log?: (event: DiagnosticsEvent) => void;
}

/** The setup screen's backend over the app's configuration. */
export function createSetupService(options: SetupServiceOptions): SetupBackend {
  const { allowInsecureLoopback } = options;

  return {
    async getSetup() {
      const current = options.current();
      return {
        presets: presetSummaries(),
        ...(current?.setup ? { saved: structuredClone(current.setup) } : {}),
        source: current?.source ?? 'none',
      };
    },

    async testConnection(request) {
      const { derived } = validateSetup(request, { allowInsecureLoopback });
      // A throw-away service: nothing stored, no browser, no session; only discovery runs.
      const service = createAuthService({
        provider: derived.provider,
        store: memoryStore(),
        cipher: NO_CIPHER,
        openExternal: async () => {
          throw new Error('Test connection never opens the browser.');
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
        log: (event) => options.log?.({ ...event, source: 'setup' }),
      });
      try {
        const description = await service.probe();
        if (!description.features) throw new Error('The provider was read, but the core reported no features.');
        return {
          issuer: description.issuer,
          ...(derived.provider.expectedIssuer === undefined ? {} : { expectedIssuer: derived.provider.expectedIssuer }),
          redirectUri: derived.redirectUri,
          ...(derived.postLogoutRedirectUri === undefined ? {} : { postLogoutRedirectUri: derived.postLogoutRedirectUri }),
          notes: [...derived.notes],
          features: { ...description.features },
        };
      } finally {
        await service.dispose();
      }
    },

    async saveSetup(request) {
      if (options.current()?.source === 'env') {
        throw new SetupError(
          SetupErrorCode.envConfigured,
          'The identity provider is set by environment variables (OIDC_ISSUER, OIDC_CLIENT_ID), which take precedence over saved settings, so saving here would have no effect. Remove those variables and restart the app to use this screen.',
        );
      }
      const { fileText } = validateSetup(request, { allowInsecureLoopback });
      // What a restart would read: the environment still wins field by field.
      const loaded = loadConfig({ env: options.env, fileText, filePath: options.configPath });
      if (!loaded.ok) throw new SetupError(SetupErrorCode.invalidSetup, loaded.message);
      if (loaded.config.source === 'env') throw new SetupError(SetupErrorCode.envConfigured, 'Environment variables set the identity provider: saving here would have no effect.');
      const current = options.current();
      if (current && !sameSetup(current, loaded.config)) await options.beforeChange?.(loaded.config, current);
      await writeConfigFile(options.configPath, fileText);
      await options.apply(loaded.config);
    },
  };
}
