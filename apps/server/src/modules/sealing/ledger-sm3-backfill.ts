// Ledger rows written before migration 0015 get the SM3 of their file, read from the file store the
// file was kept in. Runs at start (the migration cannot reach the store); a row is filled once, and a
// row whose file was not kept (a stamp whose caller took the file away) stays without SM3.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type FileStore, FileStoreError } from '../../plugins/file-store.ts';
import { sm3Hex } from './document-sm3.ts';

const BATCH = 500;

export interface LedgerSm3Backfill {
  /** Files whose ledger rows now carry their SM3. */
  filled: number;
  /** Files the store does not hold (or holds corrupt): their rows stay without SM3. */
  withoutFile: number;
}

/** The store checks each file against its SHA-256 name on reading, so the SM3 is of the ledgered bytes. */
export async function backfillLedgerSm3(db: Kysely<Database>, files: FileStore): Promise<LedgerSm3Backfill> {
  const result: LedgerSm3Backfill = { filled: 0, withoutFile: 0 };
  for (let after = ''; ; ) {
    const rows = await db
      .selectFrom('sealed_documents')
      .select('sha256')
      .distinct()
      .where('sm3', 'is', null)
      .where('sha256', '>', after)
      .orderBy('sha256')
      .limit(BATCH)
      .execute();
    for (const { sha256 } of rows) {
      let bytes: Uint8Array;
      try {
        bytes = await files.get(sha256);
      } catch (e) {
        if (!(e instanceof FileStoreError)) throw e;
        result.withoutFile++;
        continue;
      }
      await db
        .updateTable('sealed_documents')
        .set({ sm3: sm3Hex(bytes) })
        .where('sha256', '=', sha256)
        .where('sm3', 'is', null)
        .execute();
      result.filled++;
    }
    if (rows.length < BATCH) return result;
    after = rows[rows.length - 1]!.sha256;
  }
}
