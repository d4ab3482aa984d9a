import type { Me, Role } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, retryLater } from '../../errors.ts';
import { effectiveGrants } from '../../plugins/access-policy.ts';
import {
  type LoadGrants,
  newSessionSecrets,
  SESSION_TTL_MS,
  type SessionAccount,
  sessionIdOf,
} from '../../plugins/session.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { verifyPassword } from './password.ts';
import { consumeRecoveryCode } from './recovery-codes.ts';
import { type SecretBox, totpOwner } from './secret-box.ts';
import { verifyTotp } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/**
 * Failed sign-ins in a row, from all addresses together, that lock the account itself. Far above
 * the per-address limit (auth-routes), so a stranger failing from elsewhere cannot lock the owner out.
 */
export const ACCOUNT_LOCK_FAILURES = 50;

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
  /** One of the recovery codes, instead of totpCode. */
  recoveryCode?: string | undefined;
  /** Opens the stored TOTP secret and hashes recovery codes (KEK). */
  secrets: SecretBox;
  requestId: string;
  /** Hash of a fixed string, verified when the username is unknown so timing does not reveal it. */
  dummyHash: string;
  /** Counts a sign-in for an account that does not exist: summarised per address, not audited each. */
  onUnknownAccount: () => void;
}

export interface LoginSuccess {
  token: string;
  csrfToken: string;
  user: Me;
}

/** What the account view reads beside the account: the user's role grants (the users module's). */
export interface MeOptions {
  /** Roles whose holders need a second factor. */
  totpRequiredRoles: readonly Role[];
  loadGrants: LoadGrants;
}

/** The signed-in user as the console needs it; a session scoped to one contract holds no role. */
export async function getMe(
  db: Kysely<Database>,
  userId: string,
  opts: MeOptions,
  contractScope: string | null = null,
): Promise<Me> {
  const row = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'unit_id',
      'totp_secret',
      'must_change_password',
      'password_reset_at',
    ])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const grants = contractScope ? [] : await opts.loadGrants(db, row.id);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    grants: effectiveGrants(grants),
    totpRequired: grants.some((g) => opts.totpRequiredRoles.includes(g.role)),
    totpEnrolled: row.totp_secret !== null,
    mustChangePassword: row.must_change_password === 1,
    passwordResetAt: row.must_change_password === 1 ? row.password_reset_at : null,
    ...(contractScope ? { contractScope } : {}),
  };
}

/**
 * Verifies a password and opens a session. Each failure is counted and audited; the fifth in a row
 * locks the account for 15 minutes. Failures commit their counter and audit entry before the error
 * is thrown, so the rollback of a failed request cannot erase them.
 */
export async function login(
  db: Kysely<Database>,
  input: LoginInput,
  now: Date,
  me: MeOptions,
): Promise<LoginSuccess> {
  const base = { actor: input.username, action: 'auth.login', requestId: input.requestId };
  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'password_hash',
      'locked_until',
      'totp_secret',
      'must_change_password',
      'password_reset_expires_at',
      'disabled_at',
    ])
    .where('username', '=', input.username)
    .executeTakeFirst();
  // A person who left the directory keeps the account (disabled) but is answered like an unknown one.
  if (!user || user.disabled_at !== null) {
    await verifyPassword(input.dummyHash, input.password);
    input.onUnknownAccount();
    throw new AppError('ERR_INVALID_CREDENTIALS');
  }
  const object = `user:${user.id}`;
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    await appendAudit(db, { ...base, object, outcome: 'denied' });
    throw retryLater('ERR_ACCOUNT_LOCKED', Date.parse(user.locked_until) - now.getTime());
  }

  const passwordOk = await verifyPassword(user.password_hash, input.password);
  // The code is asked for only after the password is right; a wrong code counts like a wrong password.
  const secondGiven = input.totpCode !== undefined || input.recoveryCode !== undefined;
  if (passwordOk && user.totp_secret !== null && !secondGiven) {
    throw new AppError('ERR_TOTP_REQUIRED');
  }
  const secondOk =
    user.totp_secret === null ||
    (input.totpCode !== undefined
      ? verifyTotp(input.secrets.open(totpOwner(user.id), user.totp_secret), input.totpCode, now)
      : passwordOk && (await consumeRecoveryCode(db, input.secrets, user.id, input.recoveryCode ?? '', now)));
  if (!passwordOk || !secondOk) {
    const locked = await db.transaction().execute(async (trx) => {
      const failures = await countFailedSignIn(trx, user.id);
      await appendAudit(trx, { ...base, object, outcome: 'failure' });
      if (failures < ACCOUNT_LOCK_FAILURES) return false;
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCKOUT_MS).toISOString() })
        .where('id', '=', user.id)
        .execute();
      await appendAudit(trx, { ...base, action: 'auth.lock', object, outcome: 'success' });
      return true;
    });
    if (locked) throw retryLater('ERR_ACCOUNT_LOCKED', LOCKOUT_MS);
    throw new AppError(
      passwordOk && input.recoveryCode !== undefined
        ? 'ERR_RECOVERY_CODE_INVALID'
        : 'ERR_INVALID_CREDENTIALS',
    );
  }
  // A reset code is a password only for a while: past it, the admin must reset again.
  if (
    user.must_change_password === 1 &&
    user.password_reset_expires_at !== null &&
    user.password_reset_expires_at <= now.toISOString()
  ) {
    await appendAudit(db, { ...base, object, outcome: 'denied' });
    throw new AppError('ERR_PASSWORD_RESET_EXPIRED');
  }

  const { token, csrfToken } = await db.transaction().execute(async (trx) => {
    const secrets = await openSession(trx, user.id, now);
    await appendAudit(trx, { ...base, object, outcome: 'success' });
    if (input.recoveryCode !== undefined)
      await appendAudit(trx, { ...base, action: 'auth.recoveryCodeUsed', object, outcome: 'success' });
    return secrets;
  });
  return { token, csrfToken, user: await getMe(db, user.id, me) };
}

/** A session narrowed to one contract (a phone reached by its QR code), and how long it lasts. */
export interface SessionScope {
  contractId: string;
  ttlMs: number;
}

/**
 * Opens a session for an account whose identity is proven (password and second factor, or single
 * sign-on), inside the caller's transaction: clears the failure count, drops its expired sessions.
 * The caller writes the audit entry.
 */
export async function openSession(
  trx: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  await trx
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
  await trx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  return insertSession(trx, userId, now);
}

/**
 * A new session row for `userId`: a full one, or with `scope` one that reaches a single contract
 * (opened from a session the account already holds, so it proves nothing and clears no failure count).
 */
export async function insertSession(
  trx: Kysely<Database>,
  userId: string,
  now: Date,
  scope?: SessionScope,
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  const { token, csrfToken } = newSessionSecrets();
  const sessionId = sessionIdOf(token);
  await trx
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: new Date(now.getTime() + (scope?.ttlMs ?? SESSION_TTL_MS)).toISOString(),
      created_at: now.toISOString(),
      contract_id: scope?.contractId ?? null,
    })
    .execute();
  return { token, csrfToken, sessionId };
}

/** The open session of a cookie token and its account (the authorize hook's lookup); null when unknown or expired. */
export async function findSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<SessionAccount | null> {
  const sessionId = sessionIdOf(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.contract_id',
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
    contractScope: row.contract_id,
  };
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

/** One more failed proof of identity for `userId` (sign-in, authenticator replacement); the new count. */
export async function countFailedSignIn(trx: Kysely<Database>, userId: string): Promise<number> {
  const row = await trx
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}
