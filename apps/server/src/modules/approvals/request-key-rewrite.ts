import type { CryptoMode } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { decryptKeyEnvelope, encryptKeyEnvelope, keyEnvelopeMode } from '../../plugins/keys.ts';
import type { ImportedKeyPayload } from './request-types.ts';

/**
 * Start-up migration after a crypto-mode switch: the PKCS#12 keys kept in seal requests (the key
 * envelope of an import waiting for approval) are re-encrypted in `mode`'s envelope, like the seals'
 * own keys. A row is replaced only if its payload is still the one read. Returns how many it rewrote.
 */
export async function rewriteRequestKeyEnvelopes(
  db: Kysely<Database>,
  kek: Uint8Array,
  mode: CryptoMode,
): Promise<number> {
  const rows = await db
    .selectFrom('approval_requests')
    .select(['id', 'payload'])
    .where('payload', 'like', '%"imported"%')
    .execute();
  let rewritten = 0;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { key?: Partial<ImportedKeyPayload> };
    const key = payload.key;
    if (key?.source !== 'imported' || !key.envelope || !key.ref) continue;
    const envelope = Buffer.from(key.envelope, 'base64');
    if (keyEnvelopeMode(envelope) === mode) continue;
    const privateKey = decryptKeyEnvelope(kek, envelope, key.ref);
    key.envelope = Buffer.from(encryptKeyEnvelope(kek, privateKey, key.ref, mode)).toString('base64');
    const result = await db
      .updateTable('approval_requests')
      .set({ payload: JSON.stringify(payload) })
      .where('id', '=', row.id)
      .where('payload', '=', row.payload)
      .executeTakeFirst();
    rewritten += Number(result.numUpdatedRows);
  }
  return rewritten;
}
