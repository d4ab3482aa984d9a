import { CRYPTO_MODES } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { secretTextPrefix } from '../../plugins/keys.ts';
import { resetOwner } from './password-reset-handover.ts';
import { type SecretBox, totpOwner } from './secret-box.ts';

/**
 * Start-up migration after a crypto-mode switch (OPENSEAL_CRYPTO_MODE): the account secrets sealed in
 * the other mode (TOTP keys, enrolments waiting for their first code, reset codes not yet handed over)
 * are sealed again in the box's mode, so a gm deployment keeps none under AES and a switch back keeps
 * none under SM4. Each value is replaced only if it is still the one read, so two servers starting at
 * once cannot overwrite each other. Reads the KEK only when such a value exists. Returns how many it
 * rewrote.
 */
export async function rewriteSecretsInMode(db: Kysely<Database>, secrets: SecretBox): Promise<number> {
  const others = CRYPTO_MODES.filter((m) => m !== secrets.mode).map((m) => `${secretTextPrefix(m)}%`);
  const reseal = (owner: string, boxed: string) => secrets.seal(owner, secrets.open(owner, boxed));
  let rewritten = 0;
  for (const column of ['totp_secret', 'totp_pending'] as const) {
    const rows = await db
      .selectFrom('users')
      .select(['id', column])
      .where((eb) => eb.or(others.map((p) => eb(column, 'like', p))))
      .execute();
    for (const row of rows) {
      const boxed = row[column];
      if (boxed === null) continue;
      const result = await db
        .updateTable('users')
        .set(column, reseal(totpOwner(row.id), boxed))
        .where('id', '=', row.id)
        .where(column, '=', boxed)
        .executeTakeFirst();
      rewritten += Number(result.numUpdatedRows);
    }
  }
  const resets = await db
    .selectFrom('password_resets')
    .select(['id', 'code_box'])
    .where((eb) => eb.or(others.map((p) => eb('code_box', 'like', p))))
    .execute();
  for (const { id, code_box: boxed } of resets) {
    if (boxed === null) continue;
    const result = await db
      .updateTable('password_resets')
      .set('code_box', reseal(resetOwner(id), boxed))
      .where('id', '=', id)
      .where('code_box', '=', boxed)
      .executeTakeFirst();
    rewritten += Number(result.numUpdatedRows);
  }
  return rewritten;
}
