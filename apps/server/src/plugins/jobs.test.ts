import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createJobs, jobsPlugin } from './jobs.ts';

/** A logger that keeps its error lines. */
function recordingLog(): { log: FastifyBaseLogger; errors: string[] } {
  const errors: string[] = [];
  const log = Fastify().log;
  log.error = ((obj: unknown, msg?: string) => {
    errors.push(msg ?? String(obj));
  }) as FastifyBaseLogger['error'];
  return { log, errors };
}

describe('the job scheduler', () => {
  it('runs a task every interval, never two runs at once, and goes on after a failure', async () => {
    const { log, errors } = recordingLog();
    const jobs = createJobs(log);
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    jobs.every('slow sweep', 5, async () => {
      runs++;
      concurrent++;
      most = Math.max(most, concurrent);
      await sleep(20);
      concurrent--;
      if (runs === 1) throw new Error('disk full');
    });
    while (runs < 3) await sleep(10);
    await jobs.stop();
    expect(most).toBe(1);
    expect(errors).toEqual(['slow sweep failed']);
  });

  it('runs a delayed task once, and not at all when stopped before it is due', async () => {
    const { log } = recordingLog();
    const jobs = createJobs(log);
    let once = 0;
    let never = 0;
    jobs.after('retry', 5, () => {
      once++;
    });
    const cancelled = jobs.after('cancelled retry', 200, () => {
      never++;
    });
    while (once === 0) await sleep(5);
    await cancelled.stop();
    await sleep(300);
    expect([once, never]).toEqual([1, 0]);
  });

  it('stop waits for the run under way; nothing runs afterwards, not even jobs asked for later', async () => {
    const { log } = recordingLog();
    const jobs = createJobs(log);
    let finished = false;
    let runs = 0;
    let start = () => {};
    const started = new Promise<void>((resolve) => {
      start = resolve;
    });
    jobs.every('checkpoint', 5, async () => {
      runs++;
      start();
      await sleep(40);
      finished = true;
    });
    await started;
    await jobs.stop();
    expect(finished).toBe(true);
    let late = 0;
    jobs.every('late', 1, () => {
      late++;
    });
    jobs.after('late once', 1, () => {
      late++;
    });
    await sleep(30);
    expect([runs, late]).toEqual([1, 0]);
  });

  it('closing the app stops every job before the onClose hooks run', async () => {
    const app = Fastify({ logger: false });
    await app.register(jobsPlugin);
    let running = false;
    let runs = 0;
    let start = () => {};
    const started = new Promise<void>((resolve) => {
      start = resolve;
    });
    app.jobs.every('audit poll', 5, async () => {
      running = true;
      runs++;
      start();
      await sleep(30);
      running = false;
    });
    const seenAtClose: boolean[] = [];
    app.addHook('onClose', async () => {
      seenAtClose.push(running);
    });
    await app.ready();
    await started;
    await app.close();
    const after = runs;
    await sleep(30);
    expect(after).toBeGreaterThanOrEqual(1);
    expect(seenAtClose).toEqual([false]);
    expect(runs).toBe(after);
  });
});
