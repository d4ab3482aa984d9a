import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timestamper } from '@openseal/pki';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import {
  type Checkpoint,
  type CheckpointReason,
  readCheckpoints,
  writeCheckpoint,
} from './audit-checkpoint.ts';
import type { AuditKeys } from './audit-keys.ts';
import { keyAuditLog } from './audit-rekey.ts';
import { chainAuditSm3 } from './audit-sm3-backfill.ts';

export interface AuditCheckpointPolicy {
  /** A checkpoint at least this often while entries are written; default 5 minutes. */
  intervalMs: number;
  /** …and after this many entries, whichever comes first; default 1,000. */
  everyEntries: number;
  /** How often the head is looked at; default 10 seconds. */
  pollMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: AuditCheckpointPolicy = {
  intervalMs: 5 * 60_000,
  everyEntries: 1000,
  pollMs: 10_000,
};

export interface AuditPluginOptions {
  /** From the KEK; without them the log stays unkeyed and no checkpoint is written. */
  keys?: AuditKeys;
  /** checkpointDir(dataDir). */
  dir: string;
  /** The built-in or an external TSA: timestamps each checkpoint. */
  timestamper?: Timestamper;
  clock: () => Date;
  policy?: Partial<AuditCheckpointPolicy>;
}

/**
 * Keys a log written before entries were keyed (once), adds the SM3 chain to entries written before
 * it (once, audit-sm3-backfill.ts), then writes a signed checkpoint of the head at start, every
 * `everyEntries` entries or `intervalMs` while entries are written, and at clean shutdown. Each
 * checkpoint is also logged, so a log shipper keeps a second copy off this machine. app.db must
 * carry the same keys (withAuditKeys).
 */
export const auditPlugin: FastifyPluginAsync<AuditPluginOptions> = async (app, opts) => {
  const { keys } = opts;
  if (keys) {
    const head = await app.db
      .selectFrom('audit_head')
      .select(['seq', 'mac'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    if (head.mac === null && Number(head.seq) > 0) {
      // Keying now would bless whatever a database user did to a log that checkpoints say was keyed.
      const wasKeyed = readCheckpoints(opts.dir).some((l) => 'checkpoint' in l && l.checkpoint.mac !== null);
      if (wasKeyed) throw new AppError('ERR_AUDIT_NOT_KEYED');
      const keyed = await keyAuditLog(app.db);
      app.log.info({ entries: keyed }, 'audit log keyed: entries written before keyed links now have one');
    }
  }
  // After keying, so the SM3 chain of a log keyed just now is keyed from its first entry.
  const checkpointedSm3 = readCheckpoints(opts.dir).some(
    (l) => 'checkpoint' in l && l.checkpoint.chainSm3 != null,
  );
  const sm3 = await chainAuditSm3(app.db, { checkpointedSm3 });
  if ('refused' in sm3)
    app.log.error({ reason: sm3.refused }, 'audit SM3 chain not added: run openseal audit verify');
  else if (sm3.chained > 0)
    app.log.info({ entries: sm3.chained }, 'audit SM3 chain added to entries written before it');
  if (!keys) {
    app.log.warn('no KEK: the audit log is not keyed and no checkpoints are written');
    return;
  }
  const policy = { ...DEFAULT_CHECKPOINT_POLICY, ...opts.policy };
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const publicKeyFile = join(opts.dir, 'checkpoint-key.pem');
  if (!existsSync(publicKeyFile)) {
    writeFileSync(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }

  const writer = {
    keys,
    dir: opts.dir,
    clock: opts.clock,
    ...(opts.timestamper ? { timestamper: opts.timestamper } : {}),
  };
  let last: Checkpoint | undefined;
  const checkpoint = async (reason: CheckpointReason) => {
    last = await writeCheckpoint(app.db, writer, reason);
    app.log.info({ auditCheckpoint: last }, 'audit checkpoint');
    if (opts.timestamper && last.tst === undefined) {
      app.log.warn({ seq: last.seq }, 'audit checkpoint written without a timestamp: the TSA failed');
    }
  };
  await checkpoint('start');

  const poll = async () => {
    const now = await app.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    const seq = Number(now?.seq ?? 0);
    const since = last?.seq ?? 0;
    if (seq < since) {
      app.log.error({ seq, checkpointed: since }, 'the audit head moved back: run openseal audit verify');
    } else if (seq - since >= policy.everyEntries) await checkpoint('entries');
    else if (
      seq !== since &&
      opts.clock().getTime() - new Date(last?.time ?? 0).getTime() >= policy.intervalMs
    ) {
      await checkpoint('interval');
    }
  };
  const polls = app.jobs.every('writing the audit checkpoint', policy.pollMs, poll);
  app.addHook('onClose', async () => {
    await polls.stop();
    await checkpoint('shutdown');
  });
};
