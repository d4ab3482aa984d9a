import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Grant } from './access-policy.ts';

export const SESSION_COOKIE = 'openseal_session';
export const SESSION_TTL_MS = 8 * 3_600_000;

/** Who is calling, resolved from the session cookie. */
export interface Actor {
  userId: string;
  username: string;
  sessionId: string;
  csrfToken: string;
  /** A second factor is enrolled, so the session was opened with it. */
  totpEnabled: boolean;
  /** Signed in with an admin's one-time reset code: only a new password may be chosen. */
  mustChangePassword: boolean;
  /** Opened on a phone by a contract's QR code: the one contract this session may reach, with no role. */
  contractScope: string | null;
  /** The grants that count (effectiveGrants): never a business grant beside a security role. */
  grants: Grant[];
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newSessionSecrets(): { token: string; csrfToken: string } {
  return { token: randomBytes(32).toString('base64url'), csrfToken: randomBytes(32).toString('base64url') };
}

/** RFC 6265 5.2: only the name=value pair matters; the first cookie of the name wins. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * HttpOnly so scripts cannot read it; SameSite=Strict so other sites' forms do not send it; Secure
 * when the client reached us over HTTPS, so the browser never sends it over plain HTTP.
 */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  const attributes = `Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
  return `${SESSION_COOKIE}=${token}; ${attributes}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The open session behind a cookie token and its account: an Actor before its grants are read. */
export type SessionAccount = Omit<Actor, 'grants'>;

/** Finds the open session of a cookie token and its account; null when unknown or expired (auth's tables). */
export type FindSession = (db: Kysely<Database>, token: string, now: Date) => Promise<SessionAccount | null>;

/** The role grants a user holds, as stored (the users module's table). */
export type LoadGrants = (db: Kysely<Database>, userId: string) => Promise<Grant[]>;
