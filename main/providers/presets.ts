/**
 * Provider presets: the few values a person knows about their provider (an OCI domain URL, a
 * Keycloak base URL and realm, an Entra tenant, an Okta or Auth0 domain) turned into the
 * core's ProviderConfig, with each provider's quirks written down where they are handled.
 * Pure: no Electron, no network. Docs per provider: docs/providers/<id>.md.
 */
import { DEFAULT_POST_LOGOUT_PATH, DEFAULT_REDIRECT_PATH } from '../auth/config.ts';
import { loopbackRedirectUri } from '../auth/loopback.ts';
import type { PresetField, PresetId } from '#ipc-contract';
import type { ProviderConfig } from '../auth/types.ts';

// The setup screen shows presets' ids and fields, so their types live in the IPC contract.
export type { PresetField, PresetId };

/** What a preset derives from the person's values. */
export interface DerivedProvider {
  provider: ProviderConfig;
  /** The exact redirect URI to register at the provider. */
  redirectUri: string;
  /** The post-logout redirect URI to register, where the provider needs one. */
  postLogoutRedirectUri?: string;
  /** Things the person must know or do at the provider. */
  notes: string[];
}

export interface Preset {
  id: PresetId;
  name: string;
  /** Relative path of the registration guide. */
  docs: string;
  fields: PresetField[];
  derive(values: Record<string, string | undefined>, options?: DeriveOptions): DerivedProvider;
}

export interface DeriveOptions {
  /** Accept http://127.0.0.1 addresses (the local test and demo provider) and mark the
   *  configuration `allowInsecureRequests`. Never offered to a person. */
  allowInsecureLoopback?: boolean;
}

/** A value a preset cannot use, naming the field. */
export class PresetError extends Error {
  override readonly name = 'PresetError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The port presets use for providers that match redirect URIs exactly. */
export const DEFAULT_FIXED_PORT = 53682;
const OCI_TOKEN_ISSUER = 'https://identity.oraclecloud.com/';

function value(values: Record<string, string | undefined>, field: PresetField): string {
  const raw = (values[field.name] ?? field.defaultValue ?? '').trim();
  if (!raw && field.required) throw new PresetError(field.name, `${field.label} is required.`);
  return raw;
}

function httpsOrigin(field: PresetField, raw: string, { allowPath = false, allowInsecureLoopback = false } = {}): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new PresetError(field.name, `${field.label} "${raw}" is not a valid URL or host name.`);
  }
  if (url.protocol !== 'https:' && !(allowInsecureLoopback && url.protocol === 'http:' && url.hostname === '127.0.0.1')) throw new PresetError(field.name, `${field.label} must use https.`);
  if (url.username || url.password || url.search || url.hash) throw new PresetError(field.name, `${field.label} must be a plain address, without credentials, query or fragment.`);
  if (!allowPath && url.pathname !== '/') throw new PresetError(field.name, `${field.label} must be just the host, e.g. ${field.placeholder ?? 'https://example.com'}.`);
  return url;
}

function port(field: PresetField, raw: string): number {
  if (!raw) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) < 1024 || Number(raw) > 65535) throw new PresetError(field.name, `${field.label} must be a number from 1024 to 65535.`);
  return Number(raw);
}

function loopback(redirectPort: number, path = DEFAULT_REDIRECT_PATH): string {
  return loopbackRedirectUri(redirectPort, path);
}

const clientIdField: PresetField = { name: 'clientId', label: 'Client ID', kind: 'text', required: true, placeholder: 'the application (client) ID' };
const portField = (defaultValue: string, help: string): PresetField => ({ name: 'redirectPort', label: 'Redirect port', kind: 'port', required: false, defaultValue, help });
const fixedPortHelp = 'This provider matches redirect URIs exactly, port included: keep this port free, and register the redirect URI shown below.';

const oci: Preset = {
  id: 'oci',
  name: 'Oracle OCI IAM Identity Domains',
  docs: 'docs/providers/oci.md',
  fields: [
    { name: 'domainUrl', label: 'Domain URL', kind: 'url', required: true, placeholder: 'https://idcs-0123456789abcdef.identity.oraclecloud.com', help: 'Identity & Security > Domains > your domain > Domain information > Domain URL (with or without :443).' },
    clientIdField,
    portField(String(DEFAULT_FIXED_PORT), fixedPortHelp),
    { name: 'expectedIssuer', label: 'Token issuer', kind: 'url', required: false, defaultValue: OCI_TOKEN_ISSUER, help: 'What the domain puts in its tokens. It is https://identity.oraclecloud.com/ unless the domain\u2019s issuer was changed (Security > OAuth > Issuer).' },
  ],
  derive(values, options = {}) {
    const [domainField, idField, portF, issuerField] = this.fields as [PresetField, PresetField, PresetField, PresetField];
    const domain = httpsOrigin(domainField, value(values, domainField), options);
    if (domain.port === '443') domain.port = '';
    const expectedIssuer = httpsOrigin(issuerField, value(values, issuerField), { ...options, allowPath: true }).href;
    const redirectPort = port(portF, value(values, portF)) || DEFAULT_FIXED_PORT;
    const issuer = domain.origin;
    return {
      // Discovery lives at the domain URL, but tokens name the OCI issuer: the core checks
      // them against expectedIssuer instead (never skipping the check). Endpoints listed as
      // relative paths are resolved against the domain URL by the core.
      provider: {
        issuer,
        clientId: value(values, idField),
        redirectPort,
        ...(expectedIssuer.replace(/\/$/, '') === issuer ? {} : { expectedIssuer }),
      },
      redirectUri: loopback(redirectPort),
      postLogoutRedirectUri: loopback(redirectPort, DEFAULT_POST_LOGOUT_PATH),
      notes: [
        'Register the app as a Mobile Application (public client, no secret) with the Authorization Code and Refresh Token grants, PKCE required.',
        'OCI matches redirect URIs exactly: register the redirect URI and the post-logout redirect URI shown here, port included.',
        'Tick "Allow non-HTTPS URLs" in the application\u2019s OAuth configuration: OCI refuses the http://127.0.0.1 redirect URIs without it.',
        'Under the domain\u2019s Settings > Edit domain settings, turn on "Configure client access" for the signing certificate, so that the app can verify tokens.',
        CONSENT_NOTE_OCI,
      ],
    };
  },
};

/** Why a consent page may appear at each sign-in, where the preset asks for offline_access. */
const CONSENT_NOTE_OCI =
  'OCI issues a refresh token only for the offline_access scope, which OpenID Connect pairs with a consent prompt: a consent page appears at each sign-in unless "Bypass consent" is on in the application\u2019s settings.';
const CONSENT_NOTE_GENERIC =
  'With offline_access in the scopes the app asks for consent (OpenID Connect Core §11), so a consent page may appear at each sign-in; a provider that issues refresh tokens without offline_access can do without it (remove it from the scopes).';

const keycloak: Preset = {
  id: 'keycloak',
  name: 'Keycloak',
  docs: 'docs/providers/keycloak.md',
  fields: [
    { name: 'baseUrl', label: 'Keycloak URL', kind: 'url', required: true, placeholder: 'https://sso.example.com', help: 'The server\u2019s base URL; include /auth for Keycloak 16 and older.' },
    { name: 'realm', label: 'Realm', kind: 'text', required: true, placeholder: 'myrealm' },
    clientIdField,
    portField(String(DEFAULT_FIXED_PORT), fixedPortHelp),
  ],
  derive(values, options = {}) {
    const [baseField, realmField, idField, portF] = this.fields as [PresetField, PresetField, PresetField, PresetField];
    const base = httpsOrigin(baseField, value(values, baseField), { ...options, allowPath: true });
    const realm = value(values, realmField);
    if (!/^[A-Za-z0-9_.-]+$/.test(realm)) throw new PresetError('realm', 'Realm may contain only letters, digits, "-", "_" and ".".');
    const redirectPort = port(portF, value(values, portF)) || DEFAULT_FIXED_PORT;
    return {
      // Keycloak issues a refresh token without offline_access, which would turn it into an
      // "offline token" (a realm role the user needs, outliving the SSO session): not asked.
      provider: { issuer: `${base.href.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm)}`, clientId: value(values, idField), redirectPort, scopes: ['openid', 'profile', 'email'], prompt: '' },
      redirectUri: loopback(redirectPort),
      postLogoutRedirectUri: loopback(redirectPort, DEFAULT_POST_LOGOUT_PATH),
      notes: ['Create an OpenID Connect client with Client authentication off, Standard flow on, and PKCE method S256 (Advanced settings).', 'Register the redirect URI and the post-logout redirect URI shown here.'],
    };
  },
};

const okta: Preset = {
  id: 'okta',
  name: 'Okta',
  docs: 'docs/providers/okta.md',
  fields: [
    { name: 'domain', label: 'Okta domain', kind: 'url', required: true, placeholder: 'https://dev-123456.okta.com' },
    { name: 'authorizationServer', label: 'Authorization server', kind: 'text', required: false, defaultValue: 'default', help: '"default" for the default custom authorization server, "org" for the org authorization server, or a server ID.' },
    clientIdField,
    portField(String(DEFAULT_FIXED_PORT), fixedPortHelp),
  ],
  derive(values, options = {}) {
    const [domainField, serverField, idField, portF] = this.fields as [PresetField, PresetField, PresetField, PresetField];
    const domain = httpsOrigin(domainField, value(values, domainField), options);
    const server = value(values, serverField) || 'default';
    if (!/^[A-Za-z0-9]+$/.test(server)) throw new PresetError('authorizationServer', 'Authorization server must be "default", "org" or a server ID.');
    const redirectPort = port(portF, value(values, portF)) || DEFAULT_FIXED_PORT;
    return {
      // Okta issues a refresh token for offline_access (with the Refresh Token grant) and needs
      // no consent prompt for it: no consent page at every sign-in.
      provider: { issuer: server === 'org' ? domain.origin : `${domain.origin}/oauth2/${server}`, clientId: value(values, idField), redirectPort, prompt: '' },
      redirectUri: loopback(redirectPort),
      postLogoutRedirectUri: loopback(redirectPort, DEFAULT_POST_LOGOUT_PATH),
      notes: ['Create an OIDC Native Application with the Authorization Code and Refresh Token grants; PKCE is required for native apps.', 'Add the redirect URI and the sign-out redirect URI shown here.'],
    };
  },
};

const auth0: Preset = {
  id: 'auth0',
  name: 'Auth0',
  docs: 'docs/providers/auth0.md',
  fields: [
    { name: 'domain', label: 'Auth0 domain', kind: 'url', required: true, placeholder: 'https://your-tenant.eu.auth0.com' },
    clientIdField,
    { name: 'audience', label: 'API audience', kind: 'text', required: false, help: 'The API identifier, when the app calls an API: Auth0 issues API access tokens only for a requested audience.' },
    portField(String(DEFAULT_FIXED_PORT), fixedPortHelp),
  ],
  derive(values, options = {}) {
    const [domainField, idField, audienceField, portF] = this.fields as [PresetField, PresetField, PresetField, PresetField];
    const domain = httpsOrigin(domainField, value(values, domainField), options);
    const audience = value(values, audienceField);
    const redirectPort = port(portF, value(values, portF)) || DEFAULT_FIXED_PORT;
    return {
      // Auth0's issuer ends with a slash; the core compares issuers exactly as published.
      // Auth0 issues a refresh token for offline_access without a consent prompt (first-party
      // apps skip consent): none is forced at every sign-in.
      provider: { issuer: `${domain.origin}/`, clientId: value(values, idField), redirectPort, prompt: '', ...(audience ? { extraAuthorizationParams: { audience } } : {}) },
      redirectUri: loopback(redirectPort),
      postLogoutRedirectUri: loopback(redirectPort, DEFAULT_POST_LOGOUT_PATH),
      notes: ['Create a Native application; enable Refresh Token Rotation and the Authorization Code and Refresh Token grants.', 'Add the redirect URI to Allowed Callback URLs and the post-logout URI to Allowed Logout URLs.'],
    };
  },
};

const entra: Preset = {
  id: 'entra',
  name: 'Microsoft Entra ID',
  docs: 'docs/providers/entra.md',
  fields: [
    { name: 'tenant', label: 'Directory (tenant) ID', kind: 'text', required: true, placeholder: '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com', help: 'A specific tenant: "common" and "organizations" publish a templated issuer that cannot be checked.' },
    clientIdField,
  ],
  derive(values) {
    const [tenantField, idField] = this.fields as [PresetField, PresetField];
    const tenant = value(values, tenantField);
    if (['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) {
      throw new PresetError('tenant', 'Enter your directory (tenant) ID or domain: "common", "organizations" and "consumers" publish a templated issuer that cannot be checked.');
    }
    if (!/^[A-Za-z0-9.-]+$/.test(tenant)) throw new PresetError('tenant', 'Directory (tenant) ID must be a GUID or a domain name.');
    return {
      provider: {
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        clientId: value(values, idField),
        // Entra supports PKCE S256 but does not list code_challenge_methods_supported.
        assumeS256PkceSupport: true,
        // Entra issues a refresh token for offline_access and keeps the person's consent itself:
        // prompt=consent would show its consent page at every sign-in.
        prompt: '',
        // Adding an account: Entra's account picker (its metadata does not list prompt values).
        selectAccountPrompt: true,
      },
      redirectUri: loopback(0),
      // "Sign out of the provider too" comes back here; Entra follows only registered URIs.
      postLogoutRedirectUri: loopback(0, DEFAULT_POST_LOGOUT_PATH),
      notes: [
        'Register a "Mobile and desktop applications" platform with the redirect URI http://127.0.0.1/callback (Entra ignores the port for loopback addresses); "Allow public client flows" may stay off.',
        'Add the post-logout redirect URI http://127.0.0.1/signed-out to the same platform, so that "Sign out of the provider too" comes back to the app.',
        'Entra has no token revocation endpoint: signing out removes the tokens from this device, and "sign out of the provider too" ends the browser session.',
        'The email claim needs the "email" optional claim on the app registration.',
      ],
    };
  },
};

const google: Preset = {
  id: 'google',
  name: 'Google',
  docs: 'docs/providers/google.md',
  fields: [
    clientIdField,
    { name: 'clientSecret', label: 'Client secret', kind: 'secret', required: true, help: 'Google\u2019s token endpoint requires the "secret" of a Desktop app client even though it cannot be kept secret in an app (RFC 8252 §8.5); PKCE is what protects the sign-in.' },
  ],
  derive(values) {
    const [idField, secretField] = this.fields as [PresetField, PresetField];
    return {
      provider: {
        issuer: 'https://accounts.google.com',
        clientId: value(values, idField),
        clientSecret: value(values, secretField),
        // Google refuses the offline_access scope; a refresh token comes with access_type=offline.
        scopes: ['openid', 'profile', 'email'],
        prompt: 'consent',
        extraAuthorizationParams: { access_type: 'offline' },
        // Adding an account: Google's account chooser (its metadata does not list prompt values).
        selectAccountPrompt: true,
      },
      redirectUri: loopback(0),
      notes: [
        'Create an OAuth client ID of type "Desktop app"; Google accepts any loopback port, nothing to register.',
        'Google shows its consent page at each sign-in: it hands out a refresh token (access_type=offline) only together with consent, and without one the app would ask you to sign in again every hour.',
      ],
    };
  },
};

const generic: Preset = {
  id: 'generic',
  name: 'Generic OpenID Connect',
  docs: 'docs/providers/generic.md',
  fields: [
    { name: 'issuer', label: 'Issuer URL', kind: 'url', required: true, placeholder: 'https://id.example.com', help: 'Exactly the issuer the provider publishes at /.well-known/openid-configuration.' },
    clientIdField,
    { name: 'scopes', label: 'Scopes', kind: 'text', required: false, defaultValue: 'openid profile email offline_access' },
    portField('', 'Leave empty to use any free port (for providers that ignore the loopback port); set one for providers that match it exactly.'),
  ],
  derive(values, options = {}) {
    const [issuerField, idField, scopesField, portF] = this.fields as [PresetField, PresetField, PresetField, PresetField];
    const raw = value(values, issuerField);
    httpsOrigin(issuerField, raw, { ...options, allowPath: true });
    // Kept as typed: the core compares it with the published issuer, trailing slash and all.
    const issuer = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    const scopes = value(values, scopesField).split(/\s+/).filter(Boolean);
    if (!scopes.includes('openid')) throw new PresetError('scopes', 'Scopes must include "openid".');
    const redirectPort = port(portF, value(values, portF));
    return {
      provider: { issuer, clientId: value(values, idField), scopes, ...(redirectPort ? { redirectPort } : {}) },
      redirectUri: loopback(redirectPort),
      postLogoutRedirectUri: loopback(redirectPort, DEFAULT_POST_LOGOUT_PATH),
      notes: ['Register a public (native) client with the authorization code grant and PKCE S256.', CONSENT_NOTE_GENERIC],
    };
  },
};

/** Every preset, in the order the setup screen lists them. */
export const PRESETS: readonly Preset[] = [oci, keycloak, okta, auth0, entra, google, generic];

export const PRESET_IDS: readonly PresetId[] = PRESETS.map((preset) => preset.id);

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** Derives with a preset; with `allowInsecureLoopback`, a local http provider is accepted. */
export function derivePreset(preset: Preset, values: Record<string, string | undefined>, options: DeriveOptions = {}): DerivedProvider {
  const derived = preset.derive(values, options);
  if (options.allowInsecureLoopback && derived.provider.issuer.startsWith('http://')) derived.provider.allowInsecureRequests = true;
  return derived;
}
