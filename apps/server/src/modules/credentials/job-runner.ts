// The batch runner: one per server process. It works through a job's pending items in seq order,
// keeps the renderer pool busy (bounded in-flight) but never more than a small window ahead of what is
// committed, then commits small groups: the group's files are listed as staged and stored, and the
// credentials (ledger rows + credential row + audit entry), the items' 'done' and the files' unlisting
// go in one transaction. Exactly once across kill -9: an item is done only together with its
// credential; whatever was not committed is still pending and is simply redone, and the unique index
// credentials(job_id, subject) refuses a second credential. A kill leaves at most the window of sealed
// files without a ledger row, all listed as staged: the next run of the job sweeps them.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecordTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { ScheduledJob } from '../../plugins/jobs.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { RenderError } from '../sealing/sealing-errors.ts';
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
import type { RenderedCredential } from './render-task.ts';
import {
  runnerIsOver,
  runnerName,
  stageFiles,
  stagingRunners,
  sweepStagedFiles,
  unstageFiles,
} from './staged-files.ts';

export interface JobRunnerOptions {
  /** Items being rendered or stored at once; default 8 per core (the pool holds 4 per worker). */
  inFlight?: number;
  /** Items per commit; default 25. */
  groupSize?: number;
  /**
   * Items started but not committed, at most (default twice the group size): the signed files a
   * kill -9 can leave without a ledger row, and the renders it wastes.
   */
  window?: number;
  /**
   * At the start of a job's run, files staged by exited processes of this host are swept as orphans,
   * and those of other processes once staged this long ago (default 60 s; a group is stored and
   * committed within seconds). A finished job sweeps them all.
   */
  orphanGraceMs?: number;
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
  | { seq: number; kind: 'done'; prepared: PreparedCredential; rendered: RenderedCredential; pdf: Uint8Array }
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
  const window = Math.max(1, opts.window ?? groupSize * 2);
  const orphanGraceMs = opts.orphanGraceMs ?? 60_000;
  /** This runner's name on the files it stages: its own leftovers are swept without waiting. */
  const runner = runnerName();
  const pageSize = opts.pageSize ?? 200;
  const retryMs = opts.retryMs ?? 10_000;
  const queue: string[] = [];
  const retries = new Set<ScheduledJob>();
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
          const retry = ctx.jobs.after('credential job retry', retryMs, () => {
            retries.delete(retry);
            kick(jobId);
          });
          retries.add(retry);
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
    let completed = false;
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
      completed = true;
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
    // No item is pending: nothing still staged can be committed by anyone.
    if (completed) await sweepStagedFiles(ctx.db, ctx.files, jobId);
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
    await unstageFiles(
      trx,
      jobId,
      done.map((o) => o.rendered.sha256),
    );
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
    // What a killed run of this job left: files stored but never recorded. Runners known to be over
    // (an earlier run here, a dead process of this host) at once; others' after the grace.
    const over = (await stagingRunners(ctx.db, jobId)).filter((r) => r === runner || runnerIsOver(r, runner));
    const swept = await sweepStagedFiles(ctx.db, ctx.files, jobId, {
      runners: over,
      stagedBy: new Date(ctx.clock().getTime() - orphanGraceMs),
    });
    if (swept > 0) opts.log.info({ jobId, swept }, 'removed sealed files an interrupted run left unrecorded');
    const by = await jobActor(ctx.db, jobId);
    const run = { jobId, stop: false };
    current = run;
    const inFlight = new Set<Promise<void>>();
    let buffer: Outcome[] = [];
    let commits: Promise<void> = Promise.resolve();
    let fatal: unknown = null;
    let since = performance.now();
    /** Items started and not yet committed (rendering, rendered, being stored or committed). */
    let uncommitted = 0;
    /** Renders counted in the job row ahead of starting them and not started yet. */
    let credits = 0;

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
      // Listed before stored, so a crash from here on leaves only files the sweep knows of.
      const done = group.flatMap((o) => (o.kind === 'done' ? [o] : []));
      await stageFiles(
        ctx.db,
        jobId,
        runner,
        done.map((o) => o.rendered.sha256),
        ctx.clock(),
      );
      await Promise.all(
        done.map(async (o) => {
          // The store names files by their hash: what the renderer claims must be what is archived.
          if ((await ctx.files.put(o.pdf)) !== o.rendered.sha256)
            throw new AppError('ERR_INTERNAL', 'a rendered credential does not match its SHA-256');
          o.pdf = NO_BYTES;
        }),
      );
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

    /** Groups handed to the commit chain and not committed yet, each settling when it is. */
    const committing = new Set<Promise<void>>();
    const flush = (): Promise<void> => {
      const group = buffer;
      buffer = [];
      if (group.length === 0) return commits;
      const committed: Promise<void> = commits
        .then(() => (fatal ? undefined : commitGroup(group)))
        .catch((e: unknown) => {
          fatal ??= e;
          run.stop = true;
        })
        .finally(() => {
          uncommitted -= group.length;
          committing.delete(committed);
        });
      committing.add(committed);
      commits = committed;
      return commits;
    };

    /** Counts renders in the job row before they start (a group's worth at a time), so a kill loses none. */
    const countRender = async () => {
      if (credits === 0) {
        await ctx.db
          .updateTable('credential_jobs')
          .set((eb) => ({ renders: eb('renders', '+', groupSize) }))
          .where('id', '=', jobId)
          .execute();
        credits = groupSize;
      }
      credits -= 1;
    };

    const processItem = async (row: ItemRow): Promise<Outcome | null> => {
      try {
        const prepared = prepareCredential(ctx, plan, row);
        const rendered = await ctx.renderer.render(prepared.task);
        // Stored with its group, before the transaction that records it: a crash in between leaves a
        // staged file the sweep removes, never a credential without its file.
        return {
          seq: row.seq,
          kind: 'done',
          prepared,
          rendered: { ...rendered, pdf: NO_BYTES },
          pdf: rendered.pdf,
        };
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
          // Backpressure: wait for a render slot, and for commits when the window is full.
          while (inFlight.size >= maxInFlight || uncommitted >= window) {
            if (run.stop || stopped) break pages;
            // A full window with nothing rendering commits what it has, however few.
            if (inFlight.size === 0 && buffer.length > 0) void flush();
            await Promise.race([...inFlight, ...committing]);
          }
          if (run.stop || stopped) break pages;
          await countRender();
          lastSeq = Number(row.seq);
          uncommitted += 1;
          const p: Promise<void> = processItem({ ...row, seq: Number(row.seq) }).then((outcome) => {
            inFlight.delete(p);
            if (!outcome) {
              uncommitted -= 1;
              return;
            }
            buffer.push(outcome);
            if (buffer.length >= groupSize || (uncommitted >= window && inFlight.size === 0)) void flush();
          });
          inFlight.add(p);
        }
      }
    } finally {
      await Promise.all(inFlight);
      await flush();
      if (current === run) current = null;
      // Renders counted ahead and never started.
      if (credits > 0)
        await ctx.db
          .updateTable('credential_jobs')
          .set((eb) => ({ renders: eb('renders', '-', credits) }))
          .where('id', '=', jobId)
          .execute();
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
      await Promise.all([...retries].map((retry) => retry.stop()));
      retries.clear();
      if (current) current.stop = true;
      await loop;
    },
  };
}
