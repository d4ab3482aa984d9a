// The batch runner: one per server process. It works through a job's pending items in seq order,
// keeps the renderer pool busy (bounded in-flight), stores each sealed file, then commits small groups:
// the credential (ledger rows + credential row + audit entry) and the item's 'done' in one transaction.
// Exactly once across kill -9: an item is done only together with its credential; whatever was not
// committed is still pending and is simply redone (its file is content-addressed, so rewriting is
// harmless), and the unique index credentials(job_id, subject) refuses a second credential.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecordTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { SealActor } from '../seals/seals-context.ts';
import type { CredentialsContext } from './credentials-context.ts';
import {
  type IssuePlan,
  loadIssuePlan,
  type PreparedCredential,
  persistCredential,
  prepareCredential,
} from './issue-credential.ts';
import { jobActor, jobObject } from './jobs-service.ts';
import { RenderError, type RenderedCredential } from './render-task.ts';

export interface JobRunnerOptions {
  /** Items being rendered or stored at once; default 8 per core (the pool holds 4 per worker). */
  inFlight?: number;
  /** Items per commit; default 25. */
  groupSize?: number;
  /** Pending items read per query; default 200 (records are never all loaded at once). */
  pageSize?: number;
  /** After an unexpected failure (database, disk) the job is retried this much later; default 10 s. */
  retryMs?: number;
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface JobRunner {
  /** Resumes every job left 'running' (by a previous process, or one killed mid-way). */
  start(): Promise<void>;
  /** Work on this job (after it was created or resumed). */
  kick(jobId: string): void;
  /** Take no new item of this job; items under way finish and are committed. */
  pause(jobId: string): void;
  /** Stops taking items and waits for the ones under way; left pending, they resume on the next start. */
  stop(): Promise<void>;
}

type ItemRow = Selectable<CredentialRecordTable> & { seq: number };

type Outcome =
  | { seq: number; kind: 'done'; prepared: PreparedCredential; rendered: RenderedCredential }
  | { seq: number; kind: 'failed'; code: string; message: string };

/** A per-item refusal (bad data, a glyph missing from the font, a seal refused): the batch goes on. */
function itemFailure(e: unknown): { code: string; message: string } | null {
  if (e instanceof AppError || e instanceof RenderError) return { code: e.code, message: e.message };
  return null;
}

const NO_BYTES = new Uint8Array(0);

export function createJobRunner(ctx: CredentialsContext, opts: JobRunnerOptions): JobRunner {
  const maxInFlight = opts.inFlight ?? availableParallelism() * 8;
  const groupSize = opts.groupSize ?? 25;
  const pageSize = opts.pageSize ?? 200;
  const retryMs = opts.retryMs ?? 10_000;
  const queue: string[] = [];
  const retries = new Set<NodeJS.Timeout>();
  let current: { jobId: string; stop: boolean } | null = null;
  let loop: Promise<void> | null = null;
  let stopped = false;

  const ensureLoop = () => {
    if (loop || stopped) return;
    loop = (async () => {
      while (queue.length > 0 && !stopped) {
        const jobId = queue.shift() as string;
        try {
          await runJob(jobId);
        } catch (err) {
          opts.log.error({ err, jobId }, 'credential job stopped; retrying later');
          const t = setTimeout(() => {
            retries.delete(t);
            kick(jobId);
          }, retryMs);
          t.unref();
          retries.add(t);
        }
      }
      loop = null;
    })();
  };

  const kick = (jobId: string) => {
    if (stopped || queue.includes(jobId)) return;
    queue.push(jobId);
    ensureLoop();
  };

  /** Marks every pending item failed (the job cannot run at all: template or seal refused). */
  const failPending = async (jobId: string, code: string, message: string) => {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('credential_job_items')
        .set({ status: 'failed', error_code: code, error: message })
        .where('job_id', '=', jobId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const n = Number(res.numUpdatedRows);
      await trx
        .updateTable('credential_jobs')
        .set((eb) => ({ failed: eb('failed', '+', n) }))
        .where('id', '=', jobId)
        .execute();
    });
  };

  const completeIfDone = async (jobId: string, by: SealActor | null) => {
    await ctx.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('credential_job_items')
        .select('seq')
        .where('job_id', '=', jobId)
        .where('status', '=', 'pending')
        .limit(1)
        .executeTakeFirst();
      if (pending) return;
      const res = await trx
        .updateTable('credential_jobs')
        .set({ status: 'completed', finished_at: ctx.clock().toISOString() })
        .where('id', '=', jobId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return;
      const who = by ?? (await jobActor(trx, jobId));
      await appendAudit(
        trx,
        {
          actor: who.actor,
          role: who.role ?? null,
          org: who.org ?? null,
          action: 'credential.job.complete',
          object: jobObject(jobId),
          outcome: 'success',
        },
        { clock: ctx.clock },
      );
    });
  };

  /**
   * A group's rows: each credential (ledger, credential row, audit entry), then its items marked done
   * in one statement (each item takes the id of its job's credential for its subject, the unique pair);
   * failed items with their reason. Throws when anything cannot be stored: the group is then retried one
   * item at a time.
   */
  const apply = async (
    trx: Kysely<Database>,
    jobId: string,
    plan: IssuePlan,
    by: SealActor,
    group: readonly Outcome[],
  ): Promise<void> => {
    const done = group.filter((o) => o.kind === 'done');
    for (const o of done) await persistCredential(trx, ctx, plan, o.prepared, o.rendered, by, { jobId });
    if (done.length > 0) {
      const res = await trx
        .updateTable('credential_job_items')
        .set((eb) => ({
          status: 'done',
          credential_id: eb
            .selectFrom('credentials')
            .select('credentials.id')
            .whereRef('credentials.job_id', '=', 'credential_job_items.job_id')
            .whereRef('credentials.subject', '=', 'credential_job_items.subject'),
        }))
        .where('job_id', '=', jobId)
        .where(
          'seq',
          'in',
          done.map((o) => o.seq),
        )
        .where('status', '=', 'pending')
        .executeTakeFirst();
      // Another process finished one of these first: roll back rather than count it twice.
      if (Number(res.numUpdatedRows) !== done.length)
        throw new Error(`job ${jobId}: some items of this group are no longer pending`);
    }
    for (const o of group) {
      if (o.kind !== 'failed') continue;
      const res = await trx
        .updateTable('credential_job_items')
        .set({ status: 'failed', error_code: o.code, error: o.message.slice(0, 1000) })
        .where('job_id', '=', jobId)
        .where('seq', '=', o.seq)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        throw new Error(`job ${jobId} item ${o.seq} is no longer pending`);
    }
  };

  const runJob = async (jobId: string): Promise<void> => {
    const job = await ctx.db
      .selectFrom('credential_jobs')
      .select(['status', 'template_id'])
      .where('id', '=', jobId)
      .executeTakeFirst();
    if (job?.status !== 'running') return;
    let plan: IssuePlan;
    try {
      plan = await loadIssuePlan(ctx, job.template_id);
    } catch (e) {
      // Without the PKI nothing can be sealed; the job waits for a server that has it.
      if (e instanceof AppError && e.code === 'ERR_PKI_UNAVAILABLE') {
        opts.log.error({ jobId }, 'credential job waits: no PKI loaded');
        return;
      }
      const f = itemFailure(e);
      if (!f) throw e;
      await failPending(jobId, f.code, f.message);
      await completeIfDone(jobId, null);
      return;
    }
    const by = await jobActor(ctx.db, jobId);
    const run = { jobId, stop: false };
    current = run;
    const inFlight = new Set<Promise<void>>();
    let buffer: Outcome[] = [];
    let commits: Promise<void> = Promise.resolve();
    let fatal: unknown = null;
    let since = performance.now();

    const commitGroup = async (group: Outcome[]) => {
      const counts = (os: readonly Outcome[]) => ({
        done: os.filter((o) => o.kind === 'done').length,
        failed: os.filter((o) => o.kind === 'failed').length,
      });
      const close = async (trx: Kysely<Database>, os: readonly Outcome[]) => {
        const { done, failed } = counts(os);
        const now = performance.now();
        const ms = Math.round(now - since);
        since = now;
        await trx
          .updateTable('credential_jobs')
          .set((eb) => ({
            done: eb('done', '+', done),
            failed: eb('failed', '+', failed),
            run_ms: eb('run_ms', '+', ms),
          }))
          .where('id', '=', jobId)
          .execute();
        const status = await trx
          .selectFrom('credential_jobs')
          .select('status')
          .where('id', '=', jobId)
          .executeTakeFirstOrThrow();
        // Paused from another process (or this one): finish what is under way, take nothing new.
        if (status.status !== 'running') run.stop = true;
      };
      try {
        await ctx.db.transaction().execute(async (trx) => {
          await apply(trx, jobId, plan, by, group);
          await close(trx, group);
        });
        return;
      } catch {
        // One item could not be stored (e.g. its seal was suspended meanwhile): the others still
        // count, each in its own transaction; the refused one is marked failed with the reason.
      }
      for (const o of group) {
        try {
          await ctx.db.transaction().execute(async (trx) => {
            await apply(trx, jobId, plan, by, [o]);
            await close(trx, [o]);
          });
        } catch (e) {
          const f = itemFailure(e);
          if (!f) throw e;
          const failedOutcome: Outcome = { seq: o.seq, kind: 'failed', ...f };
          await ctx.db.transaction().execute(async (trx) => {
            await apply(trx, jobId, plan, by, [failedOutcome]);
            await close(trx, [failedOutcome]);
          });
        }
      }
    };

    const flush = (): Promise<void> => {
      const group = buffer;
      buffer = [];
      if (group.length === 0) return commits;
      commits = commits
        .then(() => (fatal ? undefined : commitGroup(group)))
        .catch((e: unknown) => {
          fatal ??= e;
          run.stop = true;
        });
      return commits;
    };

    const processItem = async (row: ItemRow): Promise<Outcome | null> => {
      try {
        const prepared = prepareCredential(ctx, plan, row);
        const rendered = await ctx.renderer.render(prepared.task);
        // The file is stored before the transaction that records it: a crash in between leaves an
        // unreferenced file (harmless, content-addressed), never a credential without its file.
        await ctx.files.put(rendered.pdf);
        return { seq: row.seq, kind: 'done', prepared, rendered: { ...rendered, pdf: NO_BYTES } };
      } catch (e) {
        // Shutting down: the renderer is closing under us; the item stays pending for the next start.
        if (stopped) return null;
        const f = itemFailure(e);
        if (!f) {
          fatal ??= e;
          run.stop = true;
          return null;
        }
        return { seq: row.seq, kind: 'failed', ...f };
      }
    };

    try {
      let lastSeq = 0;
      pages: for (;;) {
        const page = await ctx.db
          .selectFrom('credential_job_items as i')
          .innerJoin('credential_records as r', 'r.id', 'i.record_id')
          .selectAll('r')
          .select('i.seq')
          .where('i.job_id', '=', jobId)
          .where('i.status', '=', 'pending')
          .where('i.seq', '>', lastSeq)
          .orderBy('i.seq')
          .limit(pageSize)
          .execute();
        if (page.length === 0) break;
        for (const row of page) {
          while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
          if (run.stop || stopped) break pages;
          lastSeq = Number(row.seq);
          const p: Promise<void> = processItem({ ...row, seq: Number(row.seq) }).then((outcome) => {
            inFlight.delete(p);
            if (!outcome) return;
            buffer.push(outcome);
            if (buffer.length >= groupSize) void flush();
          });
          inFlight.add(p);
        }
      }
    } finally {
      await Promise.all(inFlight);
      await flush();
      if (current === run) current = null;
    }
    if (fatal) throw fatal;
    if (!run.stop && !stopped) await completeIfDone(jobId, by);
  };

  return {
    async start() {
      const running = await ctx.db
        .selectFrom('credential_jobs')
        .select('id')
        .where('status', '=', 'running')
        .orderBy('created_at')
        .execute();
      for (const { id } of running) {
        opts.log.info({ jobId: id }, 'resuming credential job');
        kick(id);
      }
    },
    kick,
    pause(jobId) {
      const i = queue.indexOf(jobId);
      if (i >= 0) queue.splice(i, 1);
      if (current?.jobId === jobId) current.stop = true;
    },
    async stop() {
      stopped = true;
      for (const t of retries) clearTimeout(t);
      retries.clear();
      if (current) current.stop = true;
      await loop;
    },
  };
}
