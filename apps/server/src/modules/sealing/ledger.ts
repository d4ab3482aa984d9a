// The document ledger (sealed_documents): one row per seal on a sealed file, written only by the seal
// step, inside the transaction that records the result and its audit entry.
import type { DocumentType } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { documentSealed, recordEvent } from '../integrations/events/business-events.ts';
import { sealStates } from '../seals/seal-use-rows.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { type Sealability, sealable } from './sealable.ts';

/** One sealed file as the ledger records it: one row per seal, each with its new id. */
export interface LedgerEntry {
  sha256: string;
  /** SM3 hex of the same file (document-sm3.ts). */
  sm3: string;
  rows: readonly { id: string; sealId: string }[];
  actor: SealActor;
  /** The sealing user's home unit. */
  unitId: string | null;
  purpose: string;
  documentType: DocumentType;
  grantId: string | null;
  requestId: string | null;
  at: Date;
}

export async function writeLedgerRows(trx: Kysely<Database>, entry: LedgerEntry): Promise<void> {
  await trx
    .insertInto('sealed_documents')
    .values(
      entry.rows.map(({ id, sealId }) => ({
        id,
        sha256: entry.sha256,
        sm3: entry.sm3,
        seal_id: sealId,
        actor: entry.actor.actor,
        purpose: entry.purpose,
        document_type: entry.documentType,
        user_id: entry.actor.userId,
        unit_id: entry.unitId,
        grant_id: entry.grantId,
        request_id: entry.requestId,
        created_at: entry.at.toISOString(),
      })),
    )
    .execute();
  await recordEvent(trx, documentSealed(entry), entry.at);
}

/**
 * The seals' state again, inside the ledger transaction: signing happens outside it (a slow TSA must
 * not hold the write lock), so a seal suspended meanwhile yields no sealed file. The first seal that
 * can no longer sign, or ok.
 */
export async function stillSealable(trx: Kysely<Database>, sealIds: readonly string[]): Promise<Sealability> {
  const rows = await sealStates(trx, sealIds);
  for (const id of sealIds) {
    const row = rows.find((r) => r.id === id);
    if (!row) return { ok: false, code: 'ERR_SEAL_INACTIVE' };
    const ok = sealable(row);
    if (!ok.ok) return ok;
  }
  return { ok: true };
}
