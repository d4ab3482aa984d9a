import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { effectiveGrants, type Grant } from './access-policy.ts';

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

export async function loadGrants(db: Kysely<Database>, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['role', 'org_unit_id'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('role')
    .execute();
  return rows.map((r) => ({ role: r.role as Role, orgUnitId: r.org_unit_id }));
}

/** The actor behind a cookie token, or null when unknown or expired. */
export async function loadActor(db: Kysely<Database>, token: string, now: Date): Promise<Actor | null> {
  const sessionId = sessionIdOf(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.username',
      'users.totp_secret',
      'users.must_change_password',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return {
    userId: row.user_id,
    username: row.username,
    sessionId,
    csrfToken: row.csrf_token,
    totpEnabled: row.totp_secret !== null,
    mustChangePassword: row.must_change_password === 1,
    grants: effectiveGrants(await loadGrants(db, row.user_id)),
  };
}
