// The renderer pool when a worker dies: the tasks it held fail with ERR_RENDER_FAILED (the job marks
// those items failed and goes on) and the next task gets a new worker.
import { describe, expect, it } from 'vitest';
import { createCredentialRendererPool } from '../src/modules/credentials/credential-renderer-pool.ts';
import type { RenderTask } from '../src/modules/credentials/render-task.ts';
import type { SealsContext } from '../src/modules/seals/seals-context.ts';

/** A worker that exits as soon as it is given a task, as one would on a fatal error. */
const crashing = new URL(
  `data:text/javascript,${encodeURIComponent(
    "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));",
  )}`,
);

const task = {
  templateKey: 't:1',
  template: { basePdf: { width: 210, height: 297, padding: [10, 10, 10, 10] }, schemas: [[]] },
  inputs: {},
  footer: {
    url: 'https://verify.example.edu/v/X',
    code: 'ABCD-EFGH',
    qrText: 'https://verify.example.edu/v/X',
  },
  title: 't',
  lang: 'zh',
  issuer: { sealId: 's', certificate: new Uint8Array([1, 2, 3]), chain: [], appearance: { kind: 'round' } },
  counter: null,
  reason: 'r',
} as unknown as RenderTask;

describe('credential renderer pool', () => {
  it('fails the tasks of a worker that died and starts another for the next ones', async () => {
    // Only the clock is read before a worker asks for a signature, which these never do.
    const seals = { clock: () => new Date() } as SealsContext;
    const pool = createCredentialRendererPool({ seals, workers: 1, workerUrl: crashing });
    try {
      // Each render meets a fresh worker (with none, it would wait forever): one per crash.
      for (let i = 0; i < 3; i++) {
        await expect(pool.render(task)).rejects.toMatchObject({
          name: 'RenderError',
          code: 'ERR_RENDER_FAILED',
          message: expect.stringContaining('exit code 3'),
        });
      }
    } finally {
      await pool.close();
    }
    await expect(pool.render(task)).rejects.toThrow('the renderer pool is closed');
  });
});
