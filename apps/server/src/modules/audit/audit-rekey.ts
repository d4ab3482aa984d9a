import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { auditEntryHash, auditEntryMac, auditEntrySm3, GENESIS_HASH } from './audit-hash.ts';
import { auditKeysOf } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { auditRowsInOrder, entryFromRow } from './audit-rows.ts';

/**
 * One-time keying of a log written before entries had MACs (migration 0010): in one transaction
 * holding the head lock, every row gets its MAC over the hash it already has, then an `audit.keyed`
 * entry records how many rows were keyed and whether their unkeyed chain was intact at that moment.
 * A break found here stays visible to `audit verify`, which still checks the unkeyed hashes.
 * An SM3 chain the log already has is keyed the same way, in the same pass; a log without one yet
 * gets it keyed from the start by the SM3 backfill (audit-sm3-backfill.ts).
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
      .returning(['seq', 'mac', 'chain_sm3'])
      .executeTakeFirstOrThrow();
    if (head.mac !== null || Number(head.seq) === 0) return 0;
    let prevHash = GENESIS_HASH;
    let prevMac = GENESIS_HASH;
    let prevSm3 = head.chain_sm3 === null ? null : GENESIS_HASH;
    let firstBreak: number | undefined;
    let keyed = 0;
    for await (const row of auditRowsInOrder(trx)) {
      const { hash, ...content } = entryFromRow(row);
      if (
        firstBreak === undefined &&
        (content.seq !== keyed + 1 || content.prevHash !== prevHash || auditEntryHash(content) !== hash)
      ) {
        firstBreak = keyed + 1;
      }
      const mac = auditEntryMac(keys.macKey, content.seq, hash, prevMac);
      const chainSm3 = prevSm3 === null ? null : auditEntrySm3(keys.macKey, content, prevSm3);
      await trx
        .updateTable('audit_log')
        .set(chainSm3 === null ? { mac } : { mac, chain_sm3: chainSm3 })
        .where('seq', '=', content.seq)
        .execute();
      prevHash = hash;
      prevMac = mac;
      prevSm3 = chainSm3;
      keyed++;
    }
    await trx
      .updateTable('audit_head')
      .set(prevSm3 === null ? { mac: prevMac } : { mac: prevMac, chain_sm3: prevSm3 })
      .where('id', '=', 1)
      .execute();
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
