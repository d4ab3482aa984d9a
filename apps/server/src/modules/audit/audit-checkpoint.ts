import { createHash, sign, verify } from 'node:crypto';
import { errorMessage } from '@openseal/common';
import {
  type Certificate,
  formatName,
  OID,
  parseTimestampToken,
  type Timestamper,
  verifyTimestampToken,
} from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditKeys } from './audit-keys.ts';
import { appendCheckpointLine, readCheckpointLines } from './checkpoint-file.ts';

export type CheckpointReason = 'start' | 'interval' | 'entries' | 'shutdown';

/** The chain head at one moment, as written outside the database: one JSON line. */
export interface Checkpoint {
  /** 2 since migration 0015 (with chainSm3); 1 in lines written before, still read. */
  v: 1 | 2;
  seq: number;
  hash: string;
  /** Null only for an empty log. */
  mac: string | null;
  /** v2: the head's SM3 link (audit-hash.ts auditEntrySm3); null for an empty log. Absent in v1. */
  chainSm3?: string | null;
  /** AuditKeys.keyId of the KEK that keyed the log and signed this line. */
  keyId: string;
  time: string;
  reason: CheckpointReason;
  /** Ed25519 over signedBytes(), base64. */
  sig: string;
  /** RFC 3161 token over SHA-256 of the signature bytes, base64; absent without a TSA. */
  tst?: string;
}

/** A line of the checkpoint file, parsed, or why it could not be. */
export type CheckpointLine = { line: number; checkpoint: Checkpoint } | { line: number; invalid: string };

const signedBytes = (c: Omit<Checkpoint, 'sig' | 'tst'>) =>
  Buffer.from(
    JSON.stringify(
      c.v === 1
        ? ['openseal-audit-checkpoint-v1', c.seq, c.hash, c.mac, c.keyId, c.time, c.reason]
        : ['openseal-audit-checkpoint-v2', c.seq, c.hash, c.mac, c.chainSm3, c.keyId, c.time, c.reason],
    ),
  );

export interface CheckpointWriter {
  keys: AuditKeys;
  /** checkpointDir(dataDir). */
  dir: string;
  timestamper?: Timestamper;
  clock: () => Date;
}

/**
 * Signs the committed head and appends it to the checkpoint file. The head row changes only in the
 * transaction of an append, so the committed seq, hash, MAC and SM3 link always belong to one entry.
 * A TSA failure leaves the checkpoint signed but untimestamped rather than unwritten.
 */
export async function writeCheckpoint(
  db: Kysely<Database>,
  w: CheckpointWriter,
  reason: CheckpointReason,
): Promise<Checkpoint> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash', 'mac', 'chain_sm3'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const fields = {
    v: 2 as const,
    seq: Number(head.seq),
    hash: head.hash,
    mac: head.mac,
    chainSm3: head.chain_sm3,
    keyId: w.keys.keyId,
    time: w.clock().toISOString(),
    reason,
  };
  const sig = sign(null, signedBytes(fields), w.keys.signingKey);
  const checkpoint: Checkpoint = { ...fields, sig: sig.toString('base64') };
  if (w.timestamper) {
    try {
      const digest = createHash('sha256').update(sig).digest();
      checkpoint.tst = Buffer.from(await w.timestamper.timestamp(digest, 'sha256')).toString('base64');
    } catch {
      // Kept without a token: the signature still binds it, and verify reports it as untimestamped.
    }
  }
  appendCheckpointLine(w.dir, JSON.stringify(checkpoint));
  return checkpoint;
}

export function readCheckpoints(dir: string): CheckpointLine[] {
  return readCheckpointLines(dir).map(({ line, text }) => {
    try {
      const c = JSON.parse(text) as Checkpoint;
      const sm3Ok =
        c.v === 1
          ? c.chainSm3 === undefined
          : c.v === 2 && (c.chainSm3 === null || typeof c.chainSm3 === 'string');
      if (!sm3Ok || !Number.isSafeInteger(c.seq) || typeof c.sig !== 'string') {
        return { line, invalid: 'not an audit checkpoint' };
      }
      return { line, checkpoint: c };
    } catch {
      return { line, invalid: 'not JSON' };
    }
  });
}

/**
 * Why a checkpoint cannot be trusted, or undefined: its signature under the audit key, and its TSA
 * token when it has one and TSA certificates are given. Returns the TSA's time in `genTime` when the
 * token is good.
 */
export function checkpointProblem(
  c: Checkpoint,
  keys: AuditKeys,
  tsaCertificates: readonly Certificate[],
): { problem: string } | { genTime?: Date } {
  if (c.keyId !== keys.keyId) {
    return { problem: `signed with another key (key id ${c.keyId}, this KEK's is ${keys.keyId})` };
  }
  const sig = Buffer.from(c.sig, 'base64');
  if (!verify(null, signedBytes(c), keys.publicKey, sig)) return { problem: 'its signature does not verify' };
  if (c.tst === undefined || tsaCertificates.length === 0) return {};
  try {
    const token = parseTimestampToken(Buffer.from(c.tst, 'base64'));
    const tsa = verifyTimestampToken(token, tsaCertificates);
    if (!tsaCertificates.some((t) => Buffer.from(t.der).equals(tsa.der))) {
      return { problem: `its timestamp is signed by an untrusted TSA (${formatName(tsa.subject)})` };
    }
    const imprint = token.messageImprint;
    const expected = createHash('sha256').update(sig).digest();
    if (imprint.digestAlgorithmOid !== OID.sha256 || !Buffer.from(imprint.digest).equals(expected)) {
      return { problem: 'its timestamp does not cover its signature' };
    }
    return { genTime: token.genTime };
  } catch (e) {
    return { problem: `its timestamp is invalid: ${errorMessage(e)}` };
  }
}
