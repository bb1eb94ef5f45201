import type { AccountInfo } from '#ipc-contract';
import { numericDateToMs } from './numeric-date.ts';
import { safeImageUrl } from './safe-image-url.ts';

/** The parts of the claims the profile card shows, each already checked for type. */
export interface Profile {
  name: string;
  email: string | undefined;
  emailVerified: boolean;
  username: string | undefined;
  picture: string | undefined;
  issuer: string | undefined;
  subject: string | undefined;
  /** When the person last authenticated at the provider (`auth_time`), epoch ms. */
  authenticatedAt: number | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Reads the standard claims (OpenID Connect Core §5.1) that describe who signed in. */
export const profileFromClaims = (claims: Record<string, unknown>): Profile => {
  const givenAndFamily = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const email = text(claims.email);
  const username = text(claims.preferred_username);
  const subject = text(claims.sub);
  return {
    name: text(claims.name) ?? (givenAndFamily || undefined) ?? username ?? text(claims.nickname) ?? email ?? subject ?? 'Unknown user',
    email,
    emailVerified: claims.email_verified === true,
    username,
    picture: safeImageUrl(claims.picture),
    issuer: text(claims.iss),
    subject,
    authenticatedAt: numericDateToMs(claims.auth_time),
  };
};

/** One or two letters for the avatar: "Ada Lovelace" -> "AL", "ada@example.com" -> "A". */
export const initialsOf = (name: string): string => {
  const local = name.includes('@') ? name.slice(0, name.indexOf('@')) : name;
  const words = local.split(/[\s._-]+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (word: string): string => (Array.from(word)[0] ?? '').toLocaleUpperCase();
  return letter(first) + (last ? letter(last) : '');
};

/** A name a person would say (name, given and family name, username, nickname, email), or
 *  undefined while the claims hold only the subject identifier. */
export const displayName = (claims: Record<string, unknown>): string | undefined => {
  const { name, subject } = profileFromClaims(claims);
  return name === subject || name === 'Unknown user' ? undefined : name;
};

/** What the account list calls an account: its name, else its email, else where it signs in
 *  (a session locked in the keystore has no claims yet). */
export const accountLabel = ({ name, email, issuer }: Pick<AccountInfo, 'name' | 'email' | 'issuer'>): string => {
  const known = text(name) ?? text(email);
  if (known) return known;
  try {
    return `Account at ${new URL(issuer).host}`;
  } catch {
    return 'Account';
  }
};
