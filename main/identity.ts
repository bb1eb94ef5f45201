/**
 * The app's identity (identity.json at the repository root), validated once: the reverse-domain
 * app id, which is also the private-use redirect scheme (RFC 8252 §7.1), the product name, the
 * publisher and the maintainer's address. The main process bundles it at build time;
 * electron-builder.ts and the pre-dist check (scripts/check-identity.ts) read it too.
 * Pure and free of Electron: tests, the harness and electron-builder's config loader import it.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
import identityFile from '../identity.json' with { type: 'json' };

/** What identity.json holds. */
export interface AppIdentity {
  /** Reverse domain name of a domain the publisher controls, lower case: the app id on every OS
   *  and, unchanged, the private-use URI scheme the OS hands redirects to. */
  appId: string;
  /** The name people see: window title, installers, menus, the user-data folder. */
  productName: string;
  /** Who publishes the app: copyright, Linux package vendor and maintainer. */
  publisher: string;
  /** The maintainer's address, for the Linux packages. */
  maintainerEmail: string;
  /** Fields still holding example values; `npm run dist` names each. */
  placeholders: string[];
}

const FIELDS = ['appId', 'productName', 'publisher', 'maintainerEmail'] as const;
/** What `placeholders` may name: the fields above, and `repository`, package.json's (the one
 *  place the repository is written: releases, updates and the guides' links read it there). */
const PLACEHOLDER_NAMES = [...FIELDS, 'repository'] as const;
// Lower case only: the id is the scheme verbatim (the NSIS installer registers APP_ID as is),
// and schemes are case-insensitive, so an upper-case id would name two different things.
const REVERSE_DOMAIN = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
// Domains reserved for examples (RFC 2606), forwards and reversed.
const EXAMPLE_DOMAIN = /(^|[.@])example\.(com|org|net)$|^(com|org|net)\.example(\.|$)/i;

/** Checks identity.json's shape; throws naming the bad field. */
export function validateIdentity(value: unknown): AppIdentity {
  if (typeof value !== 'object' || value === null) throw new Error('identity.json must hold an object');
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    if (typeof record[field] !== 'string' || record[field].trim() === '') throw new Error(`identity.json: ${field} must be a non-empty string`);
  }
  const identity = record as unknown as AppIdentity;
  if (!REVERSE_DOMAIN.test(identity.appId)) {
    throw new Error(`identity.json: appId "${identity.appId}" must be a lower-case reverse domain name such as com.example.app (it is also the app's URI scheme)`);
  }
  if (!EMAIL.test(identity.maintainerEmail)) throw new Error(`identity.json: maintainerEmail "${identity.maintainerEmail}" is not an email address`);
  const placeholders = record.placeholders ?? [];
  if (!Array.isArray(placeholders) || !placeholders.every((name) => (PLACEHOLDER_NAMES as readonly unknown[]).includes(name))) {
    throw new Error(`identity.json: placeholders must list field names among ${PLACEHOLDER_NAMES.join(', ')}`);
  }
  return {
    appId: identity.appId,
    productName: identity.productName,
    publisher: identity.publisher,
    maintainerEmail: identity.maintainerEmail,
    placeholders: [...(placeholders as string[])],
  };
}

/** One sentence per value a release must not ship with: listed placeholders, example domains. */
export function placeholderWarnings(identity: AppIdentity): string[] {
  const warnings = identity.placeholders.map((field) =>
    field === 'repository'
      ? 'repository is a placeholder (package.json "repository"): set your own GitHub repository there and remove "repository" from identity.json\'s "placeholders"; until then a build has no update feed'
      : `${field} is a placeholder (${JSON.stringify(identity[field as keyof AppIdentity])}): set your own in identity.json and remove it from "placeholders"`,
  );
  for (const field of ['appId', 'maintainerEmail'] as const) {
    if (!identity.placeholders.includes(field) && EXAMPLE_DOMAIN.test(identity[field])) {
      warnings.push(`${field} still names an example domain (${identity[field]}): use a domain you control`);
    }
  }
  return warnings;
}

/** The identity this build ships with. */
export const IDENTITY: AppIdentity = validateIdentity(identityFile);
/** The reverse-domain app id (electron-builder `appId`). */
export const APP_ID = IDENTITY.appId;
/** The product name (window title, installers). */
export const PRODUCT_NAME = IDENTITY.productName;
/** The private-use redirect scheme: the app id itself. */
export const URI_SCHEME = IDENTITY.appId;
