import type { CryptoMode } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { decryptKeyEnvelope, encryptKeyEnvelope, keyEnvelopeMode } from '../../plugins/keys.ts';
import { sm2CompanionOwner } from './seal-keys.ts';

/**
 * Start-up migration after a crypto-mode switch (OPENSEAL_CRYPTO_MODE): every software seal key whose
 * envelope is in the other mode is re-encrypted in `mode`, a dual seal's companion SM2 key too, so
 * switching either way loses no seal. Each envelope is replaced only if it is still the one read, so
 * two servers starting at once cannot overwrite each other; one another server rewrote first is left
 * to it. Returns how many envelopes it rewrote.
 */
export async function rewriteSealKeyEnvelopes(
  db: Kysely<Database>,
  kek: Uint8Array,
  mode: CryptoMode,
): Promise<number> {
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'key_envelope', 'sm2_key_envelope'])
    .where('key_store', '=', 'software')
    .where((eb) => eb.or([eb('key_envelope', 'is not', null), eb('sm2_key_envelope', 'is not', null)]))
    .execute();
  let rewritten = 0;
  for (const row of rows) {
    for (const column of ['key_envelope', 'sm2_key_envelope'] as const) {
      const envelope = row[column];
      if (!envelope || keyEnvelopeMode(envelope) === mode) continue;
      const owner = column === 'key_envelope' ? row.id : sm2CompanionOwner(row.id);
      const next = encryptKeyEnvelope(kek, decryptKeyEnvelope(kek, envelope, owner), owner, mode);
      const result = await db
        .updateTable('seals')
        .set({ [column]: next })
        .where('id', '=', row.id)
        .where(column, '=', envelope)
        .executeTakeFirst();
      rewritten += Number(result.numUpdatedRows);
    }
  }
  return rewritten;
}
