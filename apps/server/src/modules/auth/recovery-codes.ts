import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SecretBox } from './secret-box.ts';

export const RECOVERY_CODE_COUNT = 10;
// 32 symbols without look-alikes (no 0/o, 1/l): ten of them carry 50 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`, the form LoginBody.recoveryCode accepts. */
export function generateRecoveryCode(): string {
  const chars = Array.from(randomBytes(10), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const digestOf = (secrets: SecretBox, userId: string, code: string) =>
  secrets.digest('recovery-code', `${userId}\u0000${code}`);

/** Replaces the user's recovery codes with fresh ones, inside the caller's transaction; returns them once. */
export async function issueRecoveryCodes(
  trx: Kysely<Database>,
  secrets: SecretBox,
  userId: string,
  now: Date,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('totp_recovery_codes')
    .values(
      codes.map((code) => ({
        user_id: userId,
        code_hash: digestOf(secrets, userId, code),
        used_at: null,
        created_at: now.toISOString(),
      })),
    )
    .execute();
  return codes;
}

/** Marks one unused code used; false when it is unknown or spent. The update is the check, so a code races once. */
export async function consumeRecoveryCode(
  db: Kysely<Database>,
  secrets: SecretBox,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', digestOf(secrets, userId, code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
