/**
 * Providers besides the configured one, where the person added an account ("Add an account at
 * another provider"). They live in providers.json in the user-data folder as the setup form's
 * values, each derived exactly as the setup screen derives config.json (the presets), and never
 * from the environment: the environment configures the app's own provider only. A provider is
 * written once an account there has signed in, and forgotten with its last account.
 *
 * Like config.json, the file says which provider an account signs in with, never where a token
 * goes: each account's session is bound to its provider configuration and refused under another.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import type { SetupRequest } from '#ipc-contract';
import { demoProviderPresent, loadConfig, readConfigFile, writeConfigFile, type AppConfig, type LoadConfigInput } from './config.ts';
import { PRESET_IDS } from './providers/presets.ts';
import { SetupError, SetupErrorCode, validateSetup } from './provider-setup.ts';

/** The file name in the user-data folder. */
export const OTHER_PROVIDERS_FILE = 'providers.json';

const fileSchema = v.object({
  version: v.literal(1),
  providers: v.array(
    v.object({
      presetId: v.picklist(PRESET_IDS),
      values: v.record(v.string(), v.string()),
      providerName: v.optional(v.string()),
    }),
  ),
});

/** Where providers.json lives in a user-data folder. */
export function otherProvidersPath(userDataDir: string): string {
  return join(userDataDir, OTHER_PROVIDERS_FILE);
}

/**
 * The configuration of a provider set up from the window for one more account: the preset's
 * derivation, without the environment and without a protected API (the app's API belongs to its
 * own provider; another provider's token never goes there).
 * @throws SetupError naming the field at fault.
 */
export function otherProviderConfig(request: SetupRequest, options: { allowInsecureLoopback: boolean }): AppConfig {
  const withoutApi: SetupRequest = { presetId: request.presetId, values: request.values, ...(request.providerName === undefined ? {} : { providerName: request.providerName }) };
  const { fileText } = validateSetup(withoutApi, options);
  const loaded = loadConfig({ env: {}, fileText });
  if (!loaded.ok) throw new SetupError(SetupErrorCode.invalidSetup, loaded.message);
  return loaded.config;
}

/** Reads providers.json: the providers it holds, and a sentence for each entry it had to skip. */
export async function readOtherProviders(userDataDir: string, options: { allowInsecureLoopback: boolean }): Promise<{ configs: AppConfig[]; skipped: string[] }> {
  const text = await readConfigFile(otherProvidersPath(userDataDir));
  if (text === undefined) return { configs: [], skipped: [] };
  let parsed: v.SafeParseResult<typeof fileSchema>;
  try {
    parsed = v.safeParse(fileSchema, JSON.parse(text));
  } catch {
    return { configs: [], skipped: [`${OTHER_PROVIDERS_FILE} is not valid JSON; its accounts are not listed`] };
  }
  if (!parsed.success) return { configs: [], skipped: [`${OTHER_PROVIDERS_FILE} is not in the expected form; its accounts are not listed`] };
  const configs: AppConfig[] = [];
  const skipped: string[] = [];
  for (const [index, entry] of parsed.output.providers.entries()) {
    try {
      configs.push(otherProviderConfig(entry, options));
    } catch (error) {
      skipped.push(`${OTHER_PROVIDERS_FILE}: provider ${index + 1} was skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { configs, skipped };
}

/** Replaces providers.json (atomically, owner-only) with these providers' setup forms. */
export async function writeOtherProviders(userDataDir: string, configs: readonly AppConfig[]): Promise<void> {
  const providers = configs.flatMap((config) =>
    config.setup ? [{ presetId: config.setup.presetId, values: config.setup.values, ...(config.setup.providerName ? { providerName: config.setup.providerName } : {}) }] : [],
  );
  await writeConfigFile(otherProvidersPath(userDataDir), `${JSON.stringify({ version: 1, providers }, null, 2)}\n`);
}

/** What the app starts with besides config.json: providers.json in `userDataDir`. Shared by
 *  main/index.ts and the Playwright harness, so both read the same way. */
export function loadOtherProviders(options: { env: LoadConfigInput['env']; userDataDir: string }): Promise<{ configs: AppConfig[]; skipped: string[] }> {
  // A local http provider only while the demo provider runs, as on the setup screen.
  return readOtherProviders(options.userDataDir, { allowInsecureLoopback: demoProviderPresent(options.env) });
}
