/**
 * The diagnostics report "Copy diagnostics" puts on the clipboard: what a person can paste into
 * a support request. Built from facts that are not secret (versions, the provider's issuer and
 * advertised features, the redirect URI, how sessions are stored, whether DPoP is in use) and
 * the recent errors, and passed line by line through `redact()` once more before it leaves.
 * It never includes claims, client IDs, secrets or tokens. Pure: tested without Electron.
 */
import type { ProviderDescription } from './auth/types.ts';
import type { RecordedError } from './diagnostics-log.ts';
import type { StorageProtection } from '#ipc-contract';
import { redact } from './redact.ts';

/** Everything the report says. */
export interface DiagnosticsReportInput {
  generatedAt: Date;
  app: { name: string; version: string; packaged: boolean };
  /** Where the app's own updates stand, or why they are off (main/updater.ts `describe()`). */
  updates?: string;
  /** `process.versions`: electron and chrome are missing outside Electron. */
  versions: { electron?: string | undefined; chrome?: string | undefined; node?: string | undefined };
  os: { platform: string; arch: string; release: string };
  /** Undefined while nothing is configured. */
  provider?: {
    name: string;
    source: string;
    demo: boolean;
    /** What the core knows (`AuthService.describe()`); its client ID is left out. */
    description: ProviderDescription;
    /** False when the configuration turned DPoP off (`dpop: false`). */
    dpopEnabled: boolean;
    signedIn: boolean;
    /** How many accounts are listed, and how many of them are signed in (no names: support
     *  needs the count, not who). */
    accounts?: { listed: number; signedIn: number };
    /** The configured protected API; only its origin is reported. */
    apiUrl?: string;
  };
  storage: StorageProtection;
  /** This run's log file name (in the user-data folder's logs/; the full path would name the user). */
  logFile?: string;
  errors: RecordedError[];
}

const FEATURE_LABELS: Record<keyof NonNullable<ProviderDescription['features']>, string> = {
  pkceS256: 'PKCE S256',
  refreshTokens: 'refresh tokens',
  revocation: 'token revocation',
  endSession: 'RP-initiated logout',
  userInfo: 'UserInfo',
  issParameter: 'RFC 9207 iss parameter',
  dpop: 'DPoP',
  par: 'pushed authorization requests',
  requirePar: 'PAR required',
  deviceFlow: 'sign-in from another device (RFC 8628)',
};

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a valid URL)';
  }
}

function providerLines(provider: NonNullable<DiagnosticsReportInput['provider']>): string[] {
  const { description } = provider;
  const features = description.features;
  const session = description.session;
  const dpop = [
    `${provider.dpopEnabled ? 'on' : 'off'} in the configuration`,
    `advertised by the provider: ${features ? yesNo(features.dpop) : 'unknown'}`,
    `current session: ${session ? (session.senderConstrained ? 'DPoP-bound' : `${session.tokenType} token`) : 'none'}`,
  ];
  return [
    `Provider: ${provider.name}${provider.demo ? ' (demo)' : ''}, configured from ${provider.source}`,
    `Issuer: ${description.issuer}`,
    `Redirect URI: ${description.redirectUri}`,
    features
      ? `Features: ${Object.entries(FEATURE_LABELS).map(([key, label]) => `${label} ${yesNo(features[key as keyof typeof features])}`).join(', ')}`
      : 'Features: not read yet (sign in or use Test connection)',
    `DPoP: ${dpop.join('; ')}`,
    `Session: ${provider.signedIn ? 'signed in' : 'signed out'}`,
    ...(provider.accounts ? [`Accounts: ${provider.accounts.listed} (${provider.accounts.signedIn} signed in)`] : []),
    `Protected API: ${provider.apiUrl ? originOf(provider.apiUrl) : 'not configured'}`,
  ];
}

/** The report as plain text, redacted line by line. */
export function buildDiagnosticsReport(input: DiagnosticsReportInput): string {
  const { versions } = input;
  const lines = [
    `${input.app.name} diagnostics (secrets removed)`,
    `Generated: ${input.generatedAt.toISOString()}`,
    '',
    `App: ${input.app.version} (${input.app.packaged ? 'installed build' : 'development build'})`,
    ...(input.updates ? [`Updates: ${input.updates}`] : []),
    `Runtime: Electron ${versions.electron ?? 'n/a'}, Chrome ${versions.chrome ?? 'n/a'}, Node ${versions.node ?? 'n/a'}`,
    `OS: ${input.os.platform} ${input.os.release} (${input.os.arch})`,
    '',
    ...(input.provider ? providerLines(input.provider) : ['Provider: not configured']),
    `Session storage: ${input.storage.backend} (${input.storage.persistent ? 'kept across restarts' : 'not kept'})`,
    ...(input.logFile ? [`Log file: logs/${input.logFile} in the app's data folder`] : []),
    '',
    input.errors.length > 0 ? `Recent errors (oldest first, up to ${input.errors.length}):` : 'Recent errors: none',
    ...input.errors.map((error) => `${error.time} ${error.level} [${error.source}]${error.code ? ` ${error.code}` : ''}: ${error.message}`),
  ];
  return lines.map((line) => redact(line, { maxLength: 2_000 })).join('\n');
}
