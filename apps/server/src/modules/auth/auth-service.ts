import type { Me } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { loadGrants, newSessionSecrets, SESSION_TTL_MS, sessionIdOf } from '../../plugins/session.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { verifyPassword } from './password.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
  requestId: string;
  /** Hash of a fixed string, verified when the username is unknown so timing does not reveal it. */
  dummyHash: string;
}

export interface LoginSuccess {
  token: string;
  csrfToken: string;
  user: Me;
}

export async function getMe(db: Kysely<Database>, userId: string): Promise<Me> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'unit_id'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    grants: await loadGrants(db, row.id),
  };
}

/**
 * Verifies a password and opens a session. Each failure is counted and audited; the fifth in a row
 * locks the account for 15 minutes. Failures commit their counter and audit entry before the error
 * is thrown, so the rollback of a failed request cannot erase them.
 */
export async function login(db: Kysely<Database>, input: LoginInput, now: Date): Promise<LoginSuccess> {
  const base = { actor: input.username, action: 'auth.login', requestId: input.requestId };
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'locked_until', 'totp_secret'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (!user) {
    await verifyPassword(input.dummyHash, input.password);
    await appendAudit(db, { ...base, actor: null, object: `username:${input.username}`, outcome: 'failure' });
    throw new AppError('ERR_INVALID_CREDENTIALS');
  }
  const object = `user:${user.id}`;
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    await appendAudit(db, { ...base, object, outcome: 'denied' });
    throw new AppError('ERR_ACCOUNT_LOCKED');
  }

  const passwordOk = await verifyPassword(user.password_hash, input.password);
  // The code is asked for only after the password is right; a wrong code counts like a wrong password.
  if (passwordOk && user.totp_secret !== null && input.totpCode === undefined) {
    throw new AppError('ERR_TOTP_REQUIRED');
  }
  const secondOk = user.totp_secret === null || verifyTotp(user.totp_secret, input.totpCode ?? '', now);
  if (!passwordOk || !secondOk) {
    const locked = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { ...base, object, outcome: 'failure' });
      if (row.failed_logins < MAX_FAILED_LOGINS) return false;
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCKOUT_MS).toISOString() })
        .where('id', '=', user.id)
        .execute();
      await appendAudit(trx, { ...base, action: 'auth.lock', object, outcome: 'success' });
      return true;
    });
    throw new AppError(locked ? 'ERR_ACCOUNT_LOCKED' : 'ERR_INVALID_CREDENTIALS');
  }

  const { token, csrfToken } = newSessionSecrets();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('expires_at', '<=', now.toISOString())
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sessionIdOf(token),
        user_id: user.id,
        csrf_token: csrfToken,
        expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
        created_at: now.toISOString(),
      })
      .execute();
    await appendAudit(trx, { ...base, object, outcome: 'success' });
  });
  return { token, csrfToken, user: await getMe(db, user.id) };
}

export async function logout(
  db: Kysely<Database>,
  session: { sessionId: string; userId: string; username: string },
  requestId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', session.sessionId).execute();
    await appendAudit(trx, {
      actor: session.username,
      action: 'auth.logout',
      object: `user:${session.userId}`,
      outcome: 'success',
      requestId,
    });
  });
}

/** Starts enrolment: a new secret, pending until confirmed with a code from it. */
export async function setupTotp(
  db: Kysely<Database>,
  actor: { userId: string; username: string },
  requestId: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const secret = generateTotpSecret();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_pending: secret }).where('id', '=', actor.userId).execute();
    await appendAudit(trx, {
      actor: actor.username,
      action: 'auth.totpSetup',
      object: `user:${actor.userId}`,
      outcome: 'success',
      requestId,
    });
  });
  return { secret, otpauthUri: otpauthUri(secret, actor.username) };
}

/** Activates the pending secret once the user proves the authenticator holds it. */
export async function confirmTotp(
  db: Kysely<Database>,
  actor: { userId: string; username: string },
  code: string,
  requestId: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('users')
      .select('totp_pending')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (row.totp_pending === null || !verifyTotp(row.totp_pending, code, now))
      throw new AppError('ERR_TOTP_INVALID');
    await trx
      .updateTable('users')
      .set({ totp_secret: row.totp_pending, totp_pending: null })
      .where('id', '=', actor.userId)
      .execute();
    await appendAudit(trx, {
      actor: actor.username,
      action: 'auth.totpEnable',
      object: `user:${actor.userId}`,
      outcome: 'success',
      requestId,
    });
  });
}
