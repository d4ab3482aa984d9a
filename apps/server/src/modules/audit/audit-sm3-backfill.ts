import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditEntryHash, auditEntryMac, auditEntrySm3, GENESIS_HASH } from './audit-hash.ts';
import { auditKeysOf } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { auditRowsInOrder, entryFromRow } from './audit-rows.ts';

/** What the backfill did: how many entries it chained, or why it left the log alone. */
export type Sm3Backfill = { chained: number } | { refused: string };

/**
 * One-time SM3 chaining of a log written before migration 0015: in one transaction holding the head
 * lock, every row gets its SM3 link in seq order (keyed when the log is keyed, so `db` must then carry
 * the audit keys), then an `audit.sm3-chained` entry records how many rows were chained and whether
 * their SHA-256 chain was intact at that moment. A break found here stays visible to `audit verify`,
 * which still checks the SHA-256 chain. Run after keyAuditLog, so the log and the handle agree on
 * being keyed. Chained already or empty: { chained: 0 }. `checkpointedSm3`: signed checkpoints
 * outside the database recorded an SM3 head, so a log without one had its chain wiped, not missed.
 */
export async function chainAuditSm3(
  db: Kysely<Database>,
  opts: { checkpointedSm3: boolean },
): Promise<Sm3Backfill> {
  const keys = auditKeysOf(db);
  return db.transaction().execute(async (trx): Promise<Sm3Backfill> => {
    const head = await trx
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb('seq', '+', 0) }))
      .where('id', '=', 1)
      .returning(['seq', 'mac', 'chain_sm3'])
      .executeTakeFirstOrThrow();
    if (head.chain_sm3 !== null || Number(head.seq) === 0) return { chained: 0 };
    if (opts.checkpointedSm3)
      return { refused: 'the checkpoints recorded an SM3 chain the database no longer has' };
    // Rows with SM3 links under a head without one: the head was cleared. Chaining again would bless
    // whatever was edited meanwhile, so the gap is left for `audit verify` to report.
    const linked = await trx
      .selectFrom('audit_log')
      .select('seq')
      .where('chain_sm3', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    if (linked) return { refused: `entry ${linked.seq} has an SM3 link but the head has none` };
    const keyed = head.mac !== null;
    if (keyed && !keys) return { refused: 'the log is keyed and this process has no audit key' };
    const macKey = keyed ? keys?.macKey : undefined;

    let prevHash = GENESIS_HASH;
    let prevMac = GENESIS_HASH;
    let prevSm3 = GENESIS_HASH;
    let firstBreak: number | undefined;
    let chained = 0;
    for await (const row of auditRowsInOrder(trx)) {
      const { hash, ...content } = entryFromRow(row);
      const macHolds = !macKey || row.mac === auditEntryMac(macKey, content.seq, hash, prevMac);
      if (
        firstBreak === undefined &&
        (content.seq !== chained + 1 ||
          content.prevHash !== prevHash ||
          auditEntryHash(content) !== hash ||
          !macHolds)
      ) {
        firstBreak = chained + 1;
      }
      const chainSm3 = auditEntrySm3(macKey, content, prevSm3);
      await trx
        .updateTable('audit_log')
        .set({ chain_sm3: chainSm3 })
        .where('seq', '=', content.seq)
        .execute();
      prevHash = hash;
      prevMac = row.mac ?? GENESIS_HASH;
      prevSm3 = chainSm3;
      chained++;
    }
    await trx.updateTable('audit_head').set({ chain_sm3: prevSm3 }).where('id', '=', 1).execute();
    await appendAudit(trx, {
      action: 'audit.sm3-chained',
      object:
        firstBreak === undefined
          ? `entries:1..${chained} sha256-chain:intact`
          : `entries:1..${chained} sha256-chain:broken-at:${firstBreak}`,
      outcome: firstBreak === undefined ? 'success' : 'failure',
    });
    return { chained };
  });
}
