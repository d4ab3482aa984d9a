// Backpressure and orphan sweep of batch jobs, in process: a runner whose commits stop (as when the
// process is killed) renders and signs at most its window ahead, every file it stored is listed as
// staged, and the next runner sweeps them, finishes the job with exactly one credential per person
// and signs once per credential.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import { createJobRunner } from '../src/modules/credentials/job-runner.ts';
import { createJob } from '../src/modules/credentials/jobs-service.ts';
import { createRenderAndSeal } from '../src/modules/credentials/render-and-seal.ts';
import type { CredentialRenderer } from '../src/modules/credentials/render-task.ts';
import { type SealServices, sealServicesFor } from '../src/modules/sealing/seal-services.ts';
import type { SealsContext } from '../src/modules/seals/seals-context.ts';
import { buildCredentialApp } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { userIdOf } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';

const TYPE = 'major-transcript-zh';
const PEOPLE = 30;
const WINDOW = 10;
const GROUP = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { error() {}, info() {} };

/** Renders in this thread and counts each seal's signatures. */
function countingRenderer(seals: () => SealsContext): CredentialRenderer & {
  signatures: Map<string, number>;
} {
  const renderAndSeal = createRenderAndSeal();
  const signatures = new Map<string, number>();
  let services: (SealServices & { close(): void }) | undefined;
  return {
    signatures,
    async render(task) {
      services ??= sealServicesFor(seals());
      const own = services;
      const counted: SealServices = {
        ...own,
        signer(seal) {
          const signer = own.signer(seal);
          return {
            ...signer,
            sign(data) {
              signatures.set(seal.sealId, (signatures.get(seal.sealId) ?? 0) + 1);
              return signer.sign(data);
            },
          };
        },
      };
      return renderAndSeal(task, counted);
    },
    async close() {
      services?.close();
    },
  };
}

/** The database as a killed process sees it: no transaction ever commits again. */
function noMoreCommits(db: Kysely<Database>): Kysely<Database> {
  const never = new Promise<never>(() => {});
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: () => never });
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let testPki: TestPki;
beforeAll(async () => {
  testPki = await makeTestPki('backpressure', 'backpressure');
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`credential job backpressure on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: Awaited<ReturnType<typeof buildCredentialApp>>['app'];
    let renderer: ReturnType<typeof countingRenderer>;

    beforeAll(async () => {
      db = await kind.create();
      renderer = countingRenderer(() => app.seals);
      ({ app } = await buildCredentialApp(
        testPki,
        db,
        { ms: Date.parse('2026-09-01T08:00:00.000Z') },
        { renderer },
      ));
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await renderer?.close();
      await db?.dispose();
    });

    it('renders at most the window ahead of commits; the next run sweeps the orphans and signs once per credential', async () => {
      const ctx = app.credentials;
      const subjects = (
        await app.db
          .selectFrom('credential_records')
          .select('subject')
          .where('type_code', '=', TYPE)
          .orderBy('subject')
          .limit(PEOPLE)
          .execute()
      ).map((r) => r.subject);
      const job = await createJob(
        ctx,
        { typeCode: TYPE, subjects },
        { actor: 'creator', userId: await userIdOf(app.db, 'creator') },
      );
      // Each render signs with the issuer's seal (and the archive's counter-seal): the most of any seal.
      const issuerSignatures = () => Math.max(0, ...renderer.signatures.values());
      const options = { groupSize: GROUP, inFlight: 4, window: WINDOW, log: quiet };

      // The first runner renders, stores and stages, but its commits never happen.
      const killed = createJobRunner({ ...ctx, db: noMoreCommits(app.db) }, options);
      killed.kick(job.id);
      let seen = -1;
      while (issuerSignatures() !== seen) {
        seen = issuerSignatures();
        await sleep(1500);
      }
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThanOrEqual(WINDOW);
      const staged = await app.db
        .selectFrom('credential_staged_files')
        .select('sha256')
        .where('job_id', '=', job.id)
        .execute();
      expect(staged.length).toBeGreaterThan(0);
      expect(staged.length).toBeLessThanOrEqual(WINDOW);
      for (const { sha256 } of staged) expect((await ctx.files.get(sha256)).length).toBeGreaterThan(1000);

      // A new runner (the restarted server) sweeps them and finishes the job.
      const next = createJobRunner(ctx, options);
      await next.start();
      let status = '';
      for (let i = 0; i < 600 && status !== 'completed'; i++) {
        await sleep(100);
        status = (
          await app.db
            .selectFrom('credential_jobs')
            .select('status')
            .where('id', '=', job.id)
            .executeTakeFirstOrThrow()
        ).status;
      }
      await next.stop();
      expect(status).toBe('completed');

      const creds = await app.db
        .selectFrom('credentials')
        .select(['subject', 'sha256'])
        .where('job_id', '=', job.id)
        .execute();
      expect(creds).toHaveLength(PEOPLE);
      expect(new Set(creds.map((c) => c.subject)).size).toBe(PEOPLE);
      for (const { sha256 } of staged)
        await expect(ctx.files.get(sha256)).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
      expect(
        await app.db.selectFrom('credential_staged_files').selectAll().where('job_id', '=', job.id).execute(),
      ).toEqual([]);

      // The seal signed once per credential, plus what the killed runner wasted.
      expect([...renderer.signatures.values()].every((n) => n === PEOPLE + seen)).toBe(true);
      // The job row counted renders before they started: an upper bound that survives the kill.
      const { renders } = await app.db
        .selectFrom('credential_jobs')
        .select('renders')
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(renders).toBeGreaterThanOrEqual(issuerSignatures());
      expect(renders).toBeLessThan(issuerSignatures() + GROUP);
    }, 180_000);
  });
}
