/**
 * Loads an electron-builder configuration the way the CLI does (`Packager.validateConfig`):
 * app-builder-lib's `getConfig` (file, `extends`, overrides) then `validateConfiguration`
 * (its JSON schema, which refuses unknown keys such as a misspelled fuse).
 */
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

/** The repository root. */
export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The release configuration file, relative to the project (electron-builder finds it by name). */
export const RELEASE_CONFIG = 'electron-builder.ts';

/** The test flavour, relative to the project. */
export const E2E_CONFIG = 'build/electron-builder.e2e.yml';

/** Loads and validates `configPath` (with optional overrides, as `-c.x=y` would give). */
export async function loadValidatedConfig(configPath: string, overrides: Configuration | null = null): Promise<Configuration> {
  const config = await getConfig(PROJECT_DIR, configPath, overrides);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}
