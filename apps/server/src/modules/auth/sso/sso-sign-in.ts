import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import { openSession } from '../auth-service.ts';
import { type SecretBox, totpOwner } from '../secret-box.ts';
import { verifyTotp } from '../totp.ts';
import { accountForClaims, type GrantMember } from './sso-accounts.ts';
import type { SsoProvider } from './sso-providers.ts';

/** How long a sign-in may take at the provider, and then for the second factor. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;

export interface SsoContext {
  db: Kysely<Database>;
  secrets: SecretBox;
  grantMember: GrantMember;
  clock: () => Date;
}

/** A random state for a provider that does not make one itself (CAS). */
export const newSsoState = () => randomBytes(32).toString('base64url');

/** Remembers a sign-in started at `provider`, until the provider sends the browser back. */
export async function recordSsoStart(
  ctx: SsoContext,
  providerId: string,
  checks: { state: string; nonce?: string; codeVerifier?: string },
): Promise<void> {
  const now = ctx.clock();
  await ctx.db.deleteFrom('sso_logins').where('expires_at', '<=', now.toISOString()).execute();
  await ctx.db
    .insertInto('sso_logins')
    .values({
      state: checks.state,
      provider_id: providerId,
      nonce: checks.nonce ?? null,
      code_verifier: checks.codeVerifier ?? null,
      user_id: null,
      provider_session: null,
      expires_at: new Date(now.getTime() + SSO_LOGIN_TTL_MS).toISOString(),
    })
    .execute();
}

/** The unexpired sign-in of this state at this provider, not yet past the provider; else ERR_SSO_STATE_INVALID. */
export async function pendingSsoStart(
  ctx: SsoContext,
  providerId: string,
  state: string | undefined,
): Promise<{ state: string; nonce: string | null; codeVerifier: string | null }> {
  const row =
    state === undefined
      ? undefined
      : await ctx.db
          .selectFrom('sso_logins')
          .selectAll()
          .where('state', '=', state)
          .where('provider_id', '=', providerId)
          .where('user_id', 'is', null)
          .where('expires_at', '>', ctx.clock().toISOString())
          .executeTakeFirst();
  if (!row) throw new AppError('ERR_SSO_STATE_INVALID');
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}

export type SsoOutcome =
  | { kind: 'session'; token: string; csrfToken: string }
  /** The account has a second factor: the sign-in waits for its code (POST /api/auth/sso/second-factor). */
  | { kind: 'secondFactor' }
  /** Locked after failed sign-ins (auth-service's lock): refused like a password sign-in. */
  | { kind: 'locked' }
  /** Disabled by directory sync (a leaver). */
  | { kind: 'disabled' };

/**
 * Signs in the person a provider vouched for: links or provisions the account, then opens a session
 * exactly as a password sign-in does, unless the account has a second factor (the three security
 * roles must): then the sign-in waits for the code. The state is used once either way.
 */
export async function completeSsoSignIn(
  ctx: SsoContext,
  provider: SsoProvider,
  state: string,
  identity: { claims: Record<string, unknown>; providerSession: string },
  requestId: string,
): Promise<SsoOutcome> {
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx): Promise<SsoOutcome> => {
    const userId = await accountForClaims(trx, provider, identity.claims, ctx.grantMember, requestId, now);
    const user = await trx
      .selectFrom('users')
      .select(['username', 'totp_secret', 'locked_until', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const base = { actor: user.username, action: 'auth.sso.login', object: `user:${userId}`, requestId };
    // A person who left the directory keeps the account (disabled); the school's identity may outlive it.
    if (user.disabled_at !== null) {
      await trx.deleteFrom('sso_logins').where('state', '=', state).execute();
      await appendAudit(trx, { ...base, outcome: 'denied' });
      return { kind: 'disabled' };
    }
    if (user.locked_until !== null && user.locked_until > now.toISOString()) {
      await trx.deleteFrom('sso_logins').where('state', '=', state).execute();
      await appendAudit(trx, { ...base, outcome: 'denied' });
      return { kind: 'locked' };
    }
    if (user.totp_secret !== null) {
      await trx
        .updateTable('sso_logins')
        .set({ user_id: userId, provider_session: identity.providerSession })
        .where('state', '=', state)
        .execute();
      return { kind: 'secondFactor' };
    }
    await trx.deleteFrom('sso_logins').where('state', '=', state).execute();
    const session = await openSsoSession(trx, provider.id, userId, identity.providerSession, now);
    await appendAudit(trx, { ...base, outcome: 'success' });
    return { kind: 'session', ...session };
  });
}

/**
 * The second factor of a sign-in the provider vouched for. A wrong code counts like a wrong password
 * and ends the attempt: the person starts again at the provider.
 */
export async function finishSsoSecondFactor(
  ctx: SsoContext,
  state: string | undefined,
  totpCode: string,
  requestId: string,
): Promise<{ userId: string; token: string; csrfToken: string }> {
  const now = ctx.clock();
  const row =
    state === undefined
      ? undefined
      : await ctx.db
          .selectFrom('sso_logins')
          .innerJoin('users', 'users.id', 'sso_logins.user_id')
          .select([
            'sso_logins.provider_id',
            'sso_logins.provider_session',
            'users.id',
            'users.username',
            'users.totp_secret',
          ])
          .where('sso_logins.state', '=', state)
          .where('sso_logins.expires_at', '>', now.toISOString())
          .executeTakeFirst();
  if (!row || row.totp_secret === null || row.provider_session === null || state === undefined)
    throw new AppError('ERR_SSO_STATE_INVALID');
  const base = { actor: row.username, object: `user:${row.id}`, requestId };
  const ok = verifyTotp(ctx.secrets.open(totpOwner(row.id), row.totp_secret), totpCode, now);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('sso_logins').where('state', '=', state).execute();
      if (!ok) {
        await trx
          .updateTable('users')
          .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
          .where('id', '=', row.id)
          .execute();
        await appendAudit(trx, { ...base, action: 'auth.sso.login', outcome: 'failure' });
        return null;
      }
      const session = await openSsoSession(trx, row.provider_id, row.id, row.provider_session as string, now);
      await appendAudit(trx, { ...base, action: 'auth.sso.login', outcome: 'success' });
      return { userId: row.id, ...session };
    })
    .then((result) => {
      if (!result) throw new AppError('ERR_INVALID_CREDENTIALS');
      return result;
    });
}

async function openSsoSession(
  trx: Kysely<Database>,
  providerId: string,
  userId: string,
  providerSession: string,
  now: Date,
): Promise<{ token: string; csrfToken: string }> {
  const { token, csrfToken, sessionId } = await openSession(trx, userId, now);
  await trx
    .insertInto('sso_sessions')
    .values({
      session_id: sessionId,
      provider_id: providerId,
      provider_session: providerSession,
      created_at: now.toISOString(),
    })
    .execute();
  return { token, csrfToken };
}

/** The provider and its ticket or ID token behind a session, when it was opened through SSO. */
export async function ssoSessionOf(
  db: Kysely<Database>,
  sessionId: string,
): Promise<{ providerId: string; providerSession: string } | null> {
  const row = await db
    .selectFrom('sso_sessions')
    .select(['provider_id', 'provider_session'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? { providerId: row.provider_id, providerSession: row.provider_session } : null;
}

/** Ends the SSO bookkeeping of a session the caller is ending. */
export async function forgetSsoSession(trx: Kysely<Database>, sessionId: string): Promise<void> {
  await trx.deleteFrom('sso_sessions').where('session_id', '=', sessionId).execute();
}

/**
 * CAS single logout: ends every session opened with this service ticket at this provider (CAS 3.0
 * spec 2.3.3 — the server names the ticket it issued). Returns how many ended.
 */
export async function endSessionsOfTicket(
  ctx: SsoContext,
  providerId: string,
  ticket: string,
  requestId: string,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('sso_sessions')
      .innerJoin('sessions', 'sessions.id', 'sso_sessions.session_id')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sso_sessions.session_id', 'users.id', 'users.username'])
      .where('sso_sessions.provider_id', '=', providerId)
      .where('sso_sessions.provider_session', '=', ticket)
      .execute();
    for (const r of rows) {
      await trx.deleteFrom('sessions').where('id', '=', r.session_id).execute();
      await appendAudit(trx, {
        actor: r.username,
        action: 'auth.sso.singleLogout',
        object: `user:${r.id}`,
        outcome: 'success',
        requestId,
      });
    }
    await trx
      .deleteFrom('sso_sessions')
      .where('provider_id', '=', providerId)
      .where('provider_session', '=', ticket)
      .execute();
    return rows.length;
  });
}
