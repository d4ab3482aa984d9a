import type { TotpReplaceBody } from '@openseal/contract';
import { CRYPTO_MODES } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { secretTextPrefix } from '../../plugins/keys.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { countFailedSignIn, LOCKOUT_MS, MAX_FAILED_LOGINS } from './auth-service.ts';
import { verifyPassword } from './password.ts';
import { issueRecoveryCodes } from './recovery-codes.ts';
import { type SecretBox, totpOwner } from './secret-box.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

export interface TotpActor {
  userId: string;
  username: string;
}

export interface TotpContext {
  db: Kysely<Database>;
  secrets: SecretBox;
}

async function startPending(
  ctx: TotpContext,
  actor: TotpActor,
  action: string,
  requestId: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const secret = generateTotpSecret();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_pending: ctx.secrets.seal(totpOwner(actor.userId), secret) })
      .where('id', '=', actor.userId)
      .execute();
    await appendAudit(trx, {
      actor: actor.username,
      action,
      object: `user:${actor.userId}`,
      outcome: 'success',
      requestId,
    });
  });
  return { secret, otpauthUri: otpauthUri(secret, actor.username) };
}

/**
 * First enrolment: a new secret, pending until confirmed with a code from it. A session alone never
 * replaces an enrolled secret (a stolen session would otherwise take over the second factor).
 */
export async function setupTotp(
  ctx: TotpContext,
  actor: TotpActor,
  requestId: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const row = await ctx.db
    .selectFrom('users')
    .select('totp_secret')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (row.totp_secret !== null) {
    await appendAudit(ctx.db, {
      actor: actor.username,
      action: 'auth.totpSetup',
      object: `user:${actor.userId}`,
      outcome: 'denied',
      requestId,
    });
    throw new AppError('ERR_TOTP_REENROL_PROOF');
  }
  return startPending(ctx, actor, 'auth.totpSetup', requestId);
}

/**
 * Re-enrolment: the current password and a current code from the enrolled authenticator, both checked
 * like a sign-in (failures count toward the lockout, which also ends the user's sessions). The old
 * secret stays in force until the new one is confirmed.
 */
export async function replaceTotp(
  ctx: TotpContext,
  actor: TotpActor,
  proof: TotpReplaceBody,
  requestId: string,
  now: Date,
): Promise<{ secret: string; otpauthUri: string }> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'totp_secret'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (row.totp_secret === null) return setupTotp(ctx, actor, requestId);
  const passwordOk = await verifyPassword(row.password_hash, proof.password);
  const codeOk = verifyTotp(ctx.secrets.open(totpOwner(actor.userId), row.totp_secret), proof.code, now);
  if (passwordOk && codeOk) return startPending(ctx, actor, 'auth.totpReplace', requestId);
  const object = `user:${actor.userId}`;
  const base = { actor: actor.username, object, requestId };
  await ctx.db.transaction().execute(async (trx) => {
    const failures = await countFailedSignIn(trx, actor.userId);
    await appendAudit(trx, { ...base, action: 'auth.totpReplace', outcome: 'failure' });
    if (failures < MAX_FAILED_LOGINS) return;
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCKOUT_MS).toISOString() })
      .where('id', '=', actor.userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', actor.userId).execute();
    await appendAudit(trx, { ...base, action: 'auth.lock', outcome: 'success' });
  });
  throw new AppError(passwordOk ? 'ERR_TOTP_INVALID' : 'ERR_PASSWORD_WRONG');
}

/**
 * Activates the pending secret once the user proves the authenticator holds it, and issues fresh
 * recovery codes, returned this once.
 */
export async function confirmTotp(
  ctx: TotpContext,
  actor: TotpActor,
  code: string,
  requestId: string,
  now: Date,
): Promise<{ recoveryCodes: string[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('users')
      .select('totp_pending')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const pending =
      row.totp_pending === null ? null : ctx.secrets.open(totpOwner(actor.userId), row.totp_pending);
    if (pending === null || !verifyTotp(pending, code, now)) throw new AppError('ERR_TOTP_INVALID');
    await trx
      .updateTable('users')
      .set({ totp_secret: row.totp_pending, totp_pending: null })
      .where('id', '=', actor.userId)
      .execute();
    const recoveryCodes = await issueRecoveryCodes(trx, ctx.secrets, actor.userId, now);
    await appendAudit(trx, {
      actor: actor.username,
      action: 'auth.totpEnable',
      object: `user:${actor.userId}`,
      outcome: 'success',
      requestId,
    });
    return { recoveryCodes };
  });
}

/**
 * Start-up migration: TOTP secrets stored before they were encrypted are encrypted under the KEK.
 * Reads the KEK only when such a row exists.
 */
export async function encryptPlaintextTotpSecrets(db: Kysely<Database>, secrets: SecretBox): Promise<number> {
  const sealed = CRYPTO_MODES.map((m) => `${secretTextPrefix(m)}%`);
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending'])
    .where((eb) =>
      eb.or(
        (['totp_secret', 'totp_pending'] as const).map((column) =>
          eb.and([eb(column, 'is not', null), ...sealed.map((p) => eb(column, 'not like', p))]),
        ),
      ),
    )
    .execute();
  const seal = (id: string, v: string | null) =>
    v === null || secrets.sealedIn(v) ? v : secrets.seal(totpOwner(id), v);
  for (const row of rows) {
    await db
      .updateTable('users')
      .set({ totp_secret: seal(row.id, row.totp_secret), totp_pending: seal(row.id, row.totp_pending) })
      .where('id', '=', row.id)
      .execute();
  }
  return rows.length;
}
