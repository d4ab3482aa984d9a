import type { AuditEntry, AuditFindingKind, AuditVerifyResult } from '@openseal/contract';
import type { Certificate } from '@openseal/pki';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.ts';
import { type Checkpoint, type CheckpointLine, checkpointProblem } from './audit-checkpoint.ts';
import { auditEntryHash, auditEntryMac, auditEntrySm3, GENESIS_HASH } from './audit-hash.ts';
import type { AuditKeys } from './audit-keys.ts';
import { entryFromRow } from './audit-rows.ts';

export interface VerifyAuditOptions {
  /** Derived from the KEK: checks each entry's MAC and each checkpoint's signature. */
  keys: AuditKeys;
  /** readCheckpoints(checkpointDir(dataDir)): the record the database user cannot rewrite. */
  checkpoints: readonly CheckpointLine[];
  /** TSAs trusted for the checkpoints' timestamps; with none, tokens are not judged. */
  tsaCertificates: readonly Certificate[];
  /** Rows read per query; the chain is walked in seq order without loading it whole. */
  batchSize?: number;
}

type Finding = { seq: number; kind: AuditFindingKind; reason: string };
type Row = Selectable<AuditLogTable>;
/** How far past a failing entry to look for the original it displaced. */
const LOOK_AHEAD = 1000;

const earliest = (a: Finding | undefined, b: Finding): Finding => (a && a.seq <= b.seq ? a : b);
const range = (from: number, to: number) => (from === to ? `entry ${from}` : `entries ${from}..${to}`);

/**
 * Walks the whole chain against the keyed links and the signed checkpoints kept outside the
 * database, and names the first problem. A database user can rewrite rows and recompute their
 * hashes, but not their MACs (first bad entry: the first rewritten one); can delete the tail and
 * move the head, or wipe everything, but not the checkpoints that recorded a longer log (truncated,
 * wiped); can insert a row by renumbering the ones after it, which then match their MACs at their
 * old seq (inserted, not deleted). The SM3 chain is walked beside the SHA-256 one and checked on its
 * own, so an edit made consistent in one chain is still found by the other, and the finding names
 * the chain that broke.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  opts: VerifyAuditOptions,
): Promise<AuditVerifyResult> {
  const { keys } = opts;
  // A checkpoint that cannot be trusted is reported only when the entries themselves show nothing.
  let checkpointFinding: Finding | undefined;
  const trusted: { c: Checkpoint; genTime?: Date }[] = [];
  for (const l of opts.checkpoints) {
    if ('invalid' in l) {
      checkpointFinding ??= {
        seq: 0,
        kind: 'checkpoint-invalid',
        reason: `checkpoint line ${l.line} is ${l.invalid}`,
      };
      continue;
    }
    const judged = checkpointProblem(l.checkpoint, keys, opts.tsaCertificates);
    if ('problem' in judged) {
      checkpointFinding ??= {
        seq: l.checkpoint.seq,
        kind: 'checkpoint-invalid',
        reason: `the checkpoint on line ${l.line} (entry ${l.checkpoint.seq}) cannot be trusted: ${judged.problem}`,
      };
    } else {
      trusted.push({ c: l.checkpoint, ...judged });
    }
  }
  const checkpointsAt = new Map<number, Checkpoint[]>();
  for (const { c } of trusted) checkpointsAt.set(c.seq, [...(checkpointsAt.get(c.seq) ?? []), c]);

  const [anyMac, head] = await Promise.all([
    db.selectFrom('audit_log').select('seq').where('mac', 'is not', null).limit(1).executeTakeFirst(),
    // selectAll: a database before migration 0015 has no chain_sm3, and its entries are reported.
    db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst(),
  ]);
  // Once keyed, every entry has a MAC: a keyed process refuses to append to an unkeyed log and the
  // reverse. Signed checkpoints with a MAC say so even when every MAC was cleared from the database.
  const keyed = anyMac !== undefined || head?.mac != null || trusted.some(({ c }) => c.mac !== null);

  const macOf = (seq: number, hash: string, prevMac: string) =>
    auditEntryMac(keys.macKey, seq, hash, prevMac);
  const sm3Of = (content: Omit<AuditEntry, 'hash'>, prevSm3: string) =>
    auditEntrySm3(keyed ? keys.macKey : undefined, content, prevSm3);
  /** Whether `row`, wherever it sits now, is the original entry `seq` following prevHash/prevMac. */
  const isOriginal = (row: Row, seq: number, prevHash: string, prevMac: string) => {
    const { hash: _stored, ...content } = { ...entryFromRow(row), seq, prevHash };
    const hash = auditEntryHash(content);
    return keyed ? row.mac === macOf(seq, hash, prevMac) : hash === row.hash;
  };

  async function diagnose(row: Row, prevHash: string, prevMac: string): Promise<Finding> {
    const seq = Number(row.seq);
    const next = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(LOOK_AHEAD)
      .execute();
    for (const [i, later] of next.entries()) {
      if (Number(later.seq) !== seq + i + 1) break;
      if (isOriginal(later, seq, prevHash, prevMac)) {
        return {
          seq,
          kind: 'inserted',
          reason: `${range(seq, seq + i)} ${i === 0 ? 'was' : 'were'} inserted: the entry now at ${seq + i + 1} is the original entry ${seq}`,
        };
      }
    }
    const { hash, ...content } = entryFromRow(row);
    if (auditEntryHash(content) !== hash) {
      // Its stored hash may still name the seq it had before the rows above it were deleted.
      for (let gap = 1; gap <= LOOK_AHEAD; gap++) {
        if (auditEntryHash({ ...content, seq: seq + gap }) === hash) {
          return {
            seq,
            kind: 'deleted',
            reason: `${range(seq, seq + gap - 1)} ${gap === 1 ? 'is' : 'are'} missing (deleted, and the later entries renumbered): the entry now at ${seq} is the original entry ${seq + gap}`,
          };
        }
      }
      return {
        seq,
        kind: 'altered',
        reason: `entry ${seq} was edited: its hash does not match its contents`,
      };
    }
    if (content.prevHash !== prevHash) {
      return { seq, kind: 'altered', reason: `entry ${seq} does not link to entry ${seq - 1} (prevHash)` };
    }
    if (row.mac === null) {
      return {
        seq,
        kind: 'unkeyed',
        reason: `entry ${seq} has no keyed link in a keyed log: written or rewritten without the audit key`,
      };
    }
    return {
      seq,
      kind: 'altered',
      reason: `entry ${seq} does not match its keyed link (MAC): rewritten with recomputed hashes, or keyed with another key`,
    };
  }

  const batchSize = opts.batchSize ?? 1000;
  let entries = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let prevMac = GENESIS_HASH;
  let prevSm3 = GENESIS_HASH;
  let broken: Finding | undefined;
  walk: for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      entries++;
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        broken = {
          seq: expectedSeq,
          kind: 'deleted',
          reason: `${range(expectedSeq, seq - 1)} ${seq - 1 === expectedSeq ? 'is' : 'are'} missing (deleted)`,
        };
        break walk;
      }
      const { hash, ...content } = entryFromRow(row);
      const mac = keyed ? macOf(seq, hash, prevMac) : null;
      const sm3 = sm3Of(content, prevSm3);
      if (auditEntryHash(content) !== hash || content.prevHash !== prevHash || (keyed && row.mac !== mac)) {
        broken = withChainNamed(await diagnose(row, prevHash, prevMac), row.chain_sm3 === sm3);
        break walk;
      }
      if (row.chain_sm3 !== sm3) {
        broken = sm3Finding(seq, row.chain_sm3 ?? null);
        break walk;
      }
      const differing = checkpointsAt
        .get(seq)
        ?.find((c) => c.hash !== hash || c.mac !== row.mac || (c.v === 2 && c.chainSm3 !== row.chain_sm3));
      if (differing) {
        broken = {
          seq,
          kind: 'altered',
          reason: `entry ${seq} differs from the checkpoint of ${differing.time}`,
        };
        break walk;
      }
      prevHash = hash;
      prevMac = mac ?? GENESIS_HASH;
      prevSm3 = sm3;
      expectedSeq++;
    }
    if (rows.length < batchSize) break;
  }

  const lastSeq = expectedSeq - 1;
  if (!broken) {
    const headSeq = head ? Number(head.seq) : 0;
    if (headSeq > lastSeq) {
      broken = earliest(broken, {
        seq: lastSeq + 1,
        kind: 'truncated',
        reason: `${range(lastSeq + 1, headSeq)} ${headSeq === lastSeq + 1 ? 'is' : 'are'} missing (deleted from the end)`,
      });
    } else if (
      (head === undefined && lastSeq > 0) ||
      (head &&
        (headSeq < lastSeq ||
          head.hash !== prevHash ||
          (keyed && lastSeq > 0 && head.mac !== prevMac) ||
          (lastSeq > 0 && head.chain_sm3 !== prevSm3)))
    ) {
      broken = earliest(broken, {
        seq: Math.min(headSeq + 1, lastSeq),
        kind: 'head-mismatch',
        reason: `the recorded chain head (entry ${headSeq}) differs from the last entry (${lastSeq})`,
      });
    }
    const furthest = trusted.reduce<Checkpoint | undefined>(
      (a, { c }) => (a && a.seq >= c.seq ? a : c),
      undefined,
    );
    if (furthest && furthest.seq > lastSeq) {
      broken = earliest(broken, {
        seq: lastSeq + 1,
        kind: lastSeq === 0 ? 'wiped' : 'truncated',
        reason:
          `${range(lastSeq + 1, furthest.seq)} ${furthest.seq === lastSeq + 1 ? 'is' : 'are'} missing: ` +
          `the checkpoint of ${furthest.time} recorded ${furthest.seq} entries` +
          (lastSeq === 0 ? ' (the whole log was deleted)' : ' (the log was truncated)'),
      });
    }
  }

  broken ??= checkpointFinding;
  const result: AuditVerifyResult = { ok: !broken, entries, keyed, checkpoints: trusted.length };
  const last = trusted.reduce<(typeof trusted)[number] | undefined>(
    (a, t) => (a && (a.c.seq > t.c.seq || (a.c.seq === t.c.seq && a.c.time >= t.c.time)) ? a : t),
    undefined,
  );
  if (last) {
    result.lastCheckpoint = {
      seq: last.c.seq,
      time: (last.genTime ?? new Date(last.c.time)).toISOString(),
      timestamped: last.genTime !== undefined,
    };
  }
  if (broken) result.firstBroken = broken;
  return result;
}

/**
 * A SHA-256 chain finding, saying whether the entry's SM3 link still holds. Only for an entry whose
 * content or link broke: a deletion or insertion breaks both chains alike and is left as it is.
 */
function withChainNamed(f: Finding, sm3Holds: boolean): Finding {
  if (f.kind !== 'altered' && f.kind !== 'unkeyed') return f;
  const which = sm3Holds
    ? 'the SHA-256 chain breaks here, the SM3 chain holds'
    : 'both the SHA-256 and the SM3 chain break here';
  return { ...f, reason: `${f.reason} (${which})` };
}

/** An entry whose SHA-256 chain holds but whose SM3 link is missing or wrong. */
function sm3Finding(seq: number, stored: string | null): Finding {
  if (stored === null) {
    return {
      seq,
      kind: 'unkeyed',
      reason: `entry ${seq} has no SM3 link (chain_sm3): written before migration 0015 and not chained yet (start the server once), or cleared`,
    };
  }
  return {
    seq,
    kind: 'altered',
    reason: `entry ${seq} breaks the SM3 chain (chain_sm3) while the SHA-256 chain holds: rewritten with recomputed SHA-256 hashes and links, or SM3-chained with another key`,
  };
}
