import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';

// The server's one scheduler for background work on a timer (approval deadlines, certificate expiry,
// audit checkpoints, flood summaries, batch retries). It owns every timer, so closing the app stops
// them all in one place and waits for the runs under way; no module keeps a timer of its own.

/** A task on a timer. */
export interface ScheduledJob {
  /** Takes no new run; resolves once the run under way, if any, has finished. */
  stop(): Promise<void>;
}

export interface Jobs {
  /**
   * Runs `task` every `intervalMs`. Runs never overlap: a tick that comes while the previous run is
   * under way is skipped. A failure is logged as "<name> failed" and the next tick runs again.
   */
  every(name: string, intervalMs: number, task: () => unknown): ScheduledJob;
  /** Runs `task` once, after `delayMs`, failures logged as for `every`. */
  after(name: string, delayMs: number, task: () => unknown): ScheduledJob;
  /** Stops every job and waits for the runs under way. Jobs asked for afterwards never run. */
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Background work on a timer; stopped when the server closes. */
    jobs: Jobs;
  }
}

export function createJobs(log: FastifyBaseLogger): Jobs {
  const live = new Set<ScheduledJob>();
  let closed = false;

  const schedule = (name: string, ms: number, repeat: boolean, task: () => unknown): ScheduledJob => {
    let running: Promise<void> | undefined;
    let stopped = closed;
    const run = () => {
      if (stopped || running) return;
      running = Promise.resolve()
        .then(task)
        .then(
          () => undefined,
          (err: unknown) => log.error({ err, job: name }, `${name} failed`),
        )
        .finally(() => {
          running = undefined;
          if (!repeat) live.delete(job);
        });
    };
    // Timers never keep the process alive: the server's listening socket does that.
    const timer = stopped ? undefined : repeat ? setInterval(run, ms).unref() : setTimeout(run, ms).unref();
    const job: ScheduledJob = {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        live.delete(job);
        await running;
      },
    };
    if (!stopped) live.add(job);
    return job;
  };

  return {
    every: (name, intervalMs, task) => schedule(name, intervalMs, true, task),
    after: (name, delayMs, task) => schedule(name, delayMs, false, task),
    async stop() {
      closed = true;
      await Promise.all([...live].map((job) => job.stop()));
    },
  };
}

/**
 * `app.jobs`. Stopped at preClose, before any onClose hook: a module's own closing work (the last
 * audit checkpoint, the last flood summary) then runs with no timer left to race it, and the database
 * is still open for the runs being waited for.
 */
export const jobsPlugin = fp(
  async (app) => {
    const jobs = createJobs(app.log);
    app.decorate('jobs', jobs);
    app.addHook('preClose', () => jobs.stop());
  },
  { name: 'jobs' },
);
