import type { CryptoMode } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { decryptKeyEnvelope, encryptKeyEnvelope, keyEnvelopeMode } from '../../plugins/keys.ts';

/**
 * Start-up migration after a crypto-mode switch (OPENSEAL_CRYPTO_MODE): every software seal key whose
 * envelope is in the other mode is re-encrypted in `mode`, so switching either way loses no seal. Each
 * row is replaced only if its envelope is still the one read, so two servers starting at once cannot
 * overwrite each other; a row another server rewrote first is left to it. Returns how many it rewrote.
 */
export async function rewriteSealKeyEnvelopes(
  db: Kysely<Database>,
  kek: Uint8Array,
  mode: CryptoMode,
): Promise<number> {
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'key_envelope'])
    .where('key_store', '=', 'software')
    .where('key_envelope', 'is not', null)
    .execute();
  let rewritten = 0;
  for (const { id, key_envelope: envelope } of rows) {
    if (!envelope || keyEnvelopeMode(envelope) === mode) continue;
    const next = encryptKeyEnvelope(kek, decryptKeyEnvelope(kek, envelope, id), id, mode);
    const result = await db
      .updateTable('seals')
      .set({ key_envelope: next })
      .where('id', '=', id)
      .where('key_envelope', '=', envelope)
      .executeTakeFirst();
    rewritten += Number(result.numUpdatedRows);
  }
  return rewritten;
}
