import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { auditEntryHash, auditEntryMac, GENESIS_HASH } from './audit-hash.ts';
import { auditKeysOf } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { entryFromRow } from './audit-rows.ts';

const BATCH = 1000;

/**
 * One-time keying of a log written before entries had MACs (migration 0010): in one transaction
 * holding the head lock, every row gets its MAC over the hash it already has, then an `audit.keyed`
 * entry records how many rows were keyed and whether their unkeyed chain was intact at that moment.
 * A break found here stays visible to `audit verify`, which still checks the unkeyed hashes.
 * Returns the number of rows keyed (0 when the log is empty or already keyed). `db` must carry the
 * audit keys (withAuditKeys).
 */
export async function keyAuditLog(db: Kysely<Database>): Promise<number> {
  const keys = auditKeysOf(db);
  if (!keys) throw new AppError('ERR_AUDIT_KEY_MISSING');
  return db.transaction().execute(async (trx) => {
    const head = await trx
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb('seq', '+', 0) }))
      .where('id', '=', 1)
      .returning(['seq', 'mac'])
      .executeTakeFirstOrThrow();
    if (head.mac !== null || Number(head.seq) === 0) return 0;
    let prevHash = GENESIS_HASH;
    let prevMac = GENESIS_HASH;
    let firstBreak: number | undefined;
    let keyed = 0;
    for (let after = 0; ; ) {
      const rows = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const { hash, ...content } = entryFromRow(row);
        if (
          firstBreak === undefined &&
          (content.seq !== keyed + 1 || content.prevHash !== prevHash || auditEntryHash(content) !== hash)
        ) {
          firstBreak = keyed + 1;
        }
        const mac = auditEntryMac(keys.macKey, content.seq, hash, prevMac);
        await trx.updateTable('audit_log').set({ mac }).where('seq', '=', content.seq).execute();
        prevHash = hash;
        prevMac = mac;
        after = content.seq;
        keyed++;
      }
      if (rows.length < BATCH) break;
    }
    await trx.updateTable('audit_head').set({ mac: prevMac }).where('id', '=', 1).execute();
    await appendAudit(trx, {
      action: 'audit.keyed',
      object:
        firstBreak === undefined
          ? `entries:1..${keyed} unkeyed-chain:intact`
          : `entries:1..${keyed} unkeyed-chain:broken-at:${firstBreak}`,
      outcome: firstBreak === undefined ? 'success' : 'failure',
    });
    return keyed;
  });
}
