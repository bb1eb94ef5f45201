import { formatDateTime } from './format-date-time.ts';
import { numericDateToMs } from './numeric-date.ts';

/** Claims whose value is seconds since the epoch (RFC 7519 §4.1, OpenID Connect Core §2, §5.1). */
const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf', 'updated_at']);

/** What the registered and standard claims mean, for people who do not read JWTs for a living. */
const CLAIM_LABELS: Record<string, string> = {
  iss: 'Issuer',
  sub: 'Subject',
  aud: 'Audience',
  exp: 'Expires',
  iat: 'Issued',
  nbf: 'Not valid before',
  auth_time: 'Signed in',
  nonce: 'Nonce',
  acr: 'Authentication level',
  amr: 'Authentication methods',
  azp: 'Authorized party',
  sid: 'Provider session',
  at_hash: 'Access token hash',
  c_hash: 'Code hash',
  name: 'Full name',
  given_name: 'Given name',
  family_name: 'Family name',
  middle_name: 'Middle name',
  nickname: 'Nickname',
  preferred_username: 'Username',
  profile: 'Profile page',
  picture: 'Picture',
  website: 'Website',
  email: 'Email',
  email_verified: 'Email verified',
  gender: 'Gender',
  birthdate: 'Birthday',
  zoneinfo: 'Time zone',
  locale: 'Locale',
  phone_number: 'Phone',
  phone_number_verified: 'Phone verified',
  address: 'Address',
  updated_at: 'Profile updated',
};

/** One row of the claims table: the value for people, and the value as the provider sent it. */
export interface ClaimRow {
  name: string;
  label: string | undefined;
  /** The value for people: a local date-time, Yes/No, or JSON for objects and arrays. */
  display: string;
  /** The value as JSON, exactly as it arrived. */
  raw: string;
  /** ISO 8601, for <time dateTime> when the claim is a moment. */
  dateTime: string | undefined;
  /** True when `display` is JSON (objects, arrays) and reads best in a monospace block. */
  structured: boolean;
}

/** Values longer than this (a data: picture, a long token-like string) are shortened until the
 *  person asks to see them whole. */
export const LONG_VALUE_CHARS = 120;
/** How much of a long value is shown before "Show all". */
export const PREVIEW_CHARS = 60;

/** `value` cut to {@link PREVIEW_CHARS} characters (whole code points) when it is long, else undefined. */
export const previewOf = (value: string): string | undefined => {
  const characters = Array.from(value);
  if (characters.length <= LONG_VALUE_CHARS) return undefined;
  return `${characters.slice(0, PREVIEW_CHARS).join('').trimEnd()}…`;
};

const toJson = (value: unknown, pretty: boolean): string => JSON.stringify(value, null, pretty ? 2 : undefined) ?? String(value);

const describe = (name: string, value: unknown): Omit<ClaimRow, 'name' | 'label' | 'raw'> => {
  const epochMs = TIME_CLAIMS.has(name) ? numericDateToMs(value) : undefined;
  if (epochMs !== undefined) {
    return { display: formatDateTime(epochMs), dateTime: new Date(epochMs).toISOString(), structured: false };
  }
  if (typeof value === 'string') return { display: value, dateTime: undefined, structured: false };
  if (typeof value === 'boolean') return { display: value ? 'Yes' : 'No', dateTime: undefined, structured: false };
  if (typeof value === 'number') return { display: String(value), dateTime: undefined, structured: false };
  if (value === null || value === undefined) return { display: '—', dateTime: undefined, structured: false };
  // Short arrays such as ["pwd"] read best on one line; objects such as `address` need room.
  const compact = toJson(value, false);
  return { display: compact.length <= 48 ? compact : toJson(value, true), dateTime: undefined, structured: true };
};

/** Every claim, in the order the provider sent them, ready for the table. */
export const toClaimRows = (claims: Record<string, unknown>): ClaimRow[] =>
  Object.entries(claims).map(([name, value]) => ({
    name,
    label: CLAIM_LABELS[name],
    raw: toJson(value, false),
    ...describe(name, value),
  }));
