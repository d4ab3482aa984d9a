import type { AuditVerifyResult } from '@openseal/contract';
import { type Certificate, formatName, OID, parseTimestampToken, verifyTimestampToken } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { entryFromRow } from './audit-rows.ts';

export interface VerifyAuditOptions {
  /** The TSA certificates whose tokens are trusted as anchors. Anchors by any other TSA fail. */
  tsaCertificates: readonly Certificate[];
  /** Rows read per query; the chain is walked in seq order without loading it whole. */
  batchSize?: number;
}

type Broken = { seq: number; reason: string };

const earliest = (a: Broken | undefined, b: Broken): Broken => (a && a.seq <= b.seq ? a : b);

/**
 * Walks the whole chain and every anchor. Edits break an entry's own hash; deletions leave a gap in
 * seq; insertions and reorderings break the seq/prevHash links; a chain rewritten from some entry
 * onwards no longer matches the timestamped head hash of any later anchor.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  opts: VerifyAuditOptions,
): Promise<AuditVerifyResult> {
  const anchors = await db.selectFrom('audit_anchors').selectAll().orderBy('seq').execute();
  const anchoredSeqs = new Set(anchors.map((a) => Number(a.seq)));
  const hashAt = new Map<number, string>();
  const batchSize = opts.batchSize ?? 1000;

  let broken: Broken | undefined;
  let entries = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  walk: for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const entry = entryFromRow(row);
      entries++;
      if (entry.seq !== expectedSeq) {
        broken = { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (deleted)` };
        break walk;
      }
      const { hash, ...content } = entry;
      if (auditEntryHash(content) !== hash) {
        broken = { seq: entry.seq, reason: 'hash does not match the entry contents (edited)' };
        break walk;
      }
      if (entry.prevHash !== prevHash) {
        broken = {
          seq: entry.seq,
          reason: `prevHash does not match entry ${entry.seq - 1} (inserted, reordered or rewritten)`,
        };
        break walk;
      }
      if (anchoredSeqs.has(entry.seq)) hashAt.set(entry.seq, hash);
      prevHash = hash;
      expectedSeq++;
    }
    if (rows.length < batchSize) break;
  }

  if (!broken) {
    const head = await db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirst();
    const lastSeq = expectedSeq - 1;
    if (head && Number(head.seq) > lastSeq) {
      broken = { seq: lastSeq + 1, reason: `entries ${lastSeq + 1}..${head.seq} are missing (deleted)` };
    } else if (head && Number(head.seq) === lastSeq && head.hash !== prevHash) {
      broken = { seq: lastSeq, reason: 'the recorded chain head differs from the last entry' };
    }
  }

  let lastAnchoredSeq: number | undefined;
  for (const anchor of anchors) {
    const seq = Number(anchor.seq);
    const problem = anchorProblem(anchor, hashAt.get(seq), opts.tsaCertificates);
    if (problem) {
      broken = earliest(broken, { seq, reason: problem });
    } else if (!broken || seq < broken.seq) {
      lastAnchoredSeq = seq;
    }
  }

  const result: AuditVerifyResult = { ok: !broken, entries, anchors: anchors.length };
  if (lastAnchoredSeq !== undefined) result.lastAnchoredSeq = lastAnchoredSeq;
  if (broken) result.firstBroken = broken;
  return result;
}

function anchorProblem(
  anchor: { seq: number; head_hash: string; token: Uint8Array },
  entryHash: string | undefined,
  tsaCertificates: readonly Certificate[],
): string | undefined {
  if (entryHash === undefined) return `anchored entry ${anchor.seq} was not reached in an intact chain`;
  if (entryHash !== anchor.head_hash) {
    return `entry ${anchor.seq} differs from the hash timestamped in its anchor (chain rewritten)`;
  }
  try {
    const token = parseTimestampToken(anchor.token);
    const tsa = verifyTimestampToken(token, tsaCertificates);
    if (!tsaCertificates.some((c) => Buffer.from(c.der).equals(tsa.der))) {
      return `the anchor for entry ${anchor.seq} is signed by an untrusted TSA (${formatName(tsa.subject)})`;
    }
    const imprint = token.messageImprint;
    if (
      imprint.digestAlgorithmOid !== OID.sha256 ||
      !Buffer.from(imprint.digest).equals(Buffer.from(anchor.head_hash, 'hex'))
    ) {
      return `the anchor token for entry ${anchor.seq} does not cover its head hash`;
    }
  } catch (e) {
    return `the anchor token for entry ${anchor.seq} is invalid: ${(e as Error).message}`;
  }
  return undefined;
}
