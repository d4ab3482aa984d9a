import type { Timestamper } from '@openseal/pki';
import { parseTimestampToken } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export interface AuditAnchor {
  seq: number;
  headHash: string;
  genTime: string;
}

/**
 * Timestamps the current chain head with the TSA and stores the token in audit_anchors. The
 * message imprint is the head's SHA-256 itself (RFC 3161 2.4.1 messageImprint), so the token binds
 * the whole chain up to that seq. ERR_AUDIT_EMPTY when nothing has been logged yet.
 */
export async function stampHead(db: Kysely<Database>, timestamper: Timestamper): Promise<AuditAnchor> {
  const head = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) throw new AppError('ERR_AUDIT_EMPTY');
  let token: Uint8Array;
  try {
    token = await timestamper.timestamp(Buffer.from(head.hash, 'hex'), 'sha256');
  } catch (cause) {
    throw new AppError(
      'ERR_TSA_UNAVAILABLE',
      `timestamping the audit head failed: ${(cause as Error).message}`,
    );
  }
  const genTime = parseTimestampToken(token).genTime.toISOString();
  const anchor = { seq: Number(head.seq), headHash: head.hash, genTime };
  await db
    .insertInto('audit_anchors')
    .values({ seq: anchor.seq, head_hash: anchor.headHash, token, gen_time: genTime })
    .execute();
  return anchor;
}

/** stampHead unless the newest anchor already covers the head: the periodic job's call. */
export async function stampHeadIfAdvanced(
  db: Kysely<Database>,
  timestamper: Timestamper,
): Promise<AuditAnchor | undefined> {
  const [head, anchored] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst(),
    db
      .selectFrom('audit_anchors')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst(),
  ]);
  if (head?.seq == null || Number(head.seq) === Number(anchored?.seq ?? 0)) return undefined;
  return stampHead(db, timestamper);
}
