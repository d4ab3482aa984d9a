// Batch issuing jobs through the HTTP API, with the real worker-thread renderer pool: progress, every
// credential issued once and verifiable, one bad record listed while the rest are issued, the ZIP,
// pause and resume, scope, and the audit entries.
import { verify } from '@openseal/pdf-sign';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecordFor, demoStudents } from '../src/demo/credentials/sample-people.ts';
import type { DemoSchool } from '../src/demo/seed-demo-school.ts';
import { insertRecords } from '../src/modules/credentials/records-service.ts';
import { insertUser } from '../src/modules/users/users-service.ts';
import { buildCredentialApp } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signIn, signInDemo } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';

const TYPE = 'major-transcript-zh';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobView {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  rate: number | null;
  errors: { subject: string; subjectName: string; code: string; message: string }[];
}

let testPki: TestPki;
beforeAll(async () => {
  testPki = await makeTestPki('jobs', 'jobs');
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`credential jobs on ${kind.name}`, () => {
    let app: FastifyInstance;
    let db: TestDatabase;
    let demo: DemoSchool;
    let creator: Session;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };

    beforeAll(async () => {
      db = await kind.create();
      // No renderer given: the app's own worker-thread pool, two workers.
      ({ app, demo } = await buildCredentialApp(testPki, db, clock));
      creator = await signInDemo(app, demo, 'creator');
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    const subjects = async (offset: number, n: number) =>
      (
        await app.db
          .selectFrom('credential_records')
          .select('subject')
          .where('type_code', '=', TYPE)
          .orderBy('subject')
          .offset(offset)
          .limit(n)
          .execute()
      ).map((r) => r.subject);
    const getJob = async (id: string, s: Session = creator): Promise<JobView> => {
      const res = await app.inject({ method: 'GET', url: `/api/credential-jobs/${id}`, ...as(s) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const untilCompleted = async (id: string, seen: number[] = []): Promise<JobView> => {
      for (let i = 0; i < 1200; i++) {
        const job = await getJob(id);
        seen.push(job.done + job.failed);
        if (job.status === 'completed') return job;
        await sleep(100);
      }
      throw new Error(`job ${id} did not complete`);
    };
    const createJob = (payload: object, s: Session = creator) =>
      app.inject({ method: 'POST', url: '/api/credential-jobs', payload, ...as(s) });

    it('issues every selected person once, lists the record that cannot be rendered, and zips the result', async () => {
      const chosen = await subjects(0, 60);
      const broken = chosen[17] as string;
      // A character no font of the template has (CJK compatibility ideograph supplement).
      const record = await app.db
        .selectFrom('credential_records')
        .select(['id', 'data'])
        .where('type_code', '=', TYPE)
        .where('subject', '=', broken)
        .executeTakeFirstOrThrow();
      await app.db
        .updateTable('credential_records')
        .set({ data: JSON.stringify({ ...JSON.parse(record.data), major: '专业 \u{2F81A}' }) })
        .where('id', '=', record.id)
        .execute();

      const res = await createJob({ typeCode: TYPE, subjects: chosen });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json() as JobView;
      expect(created).toMatchObject({ status: 'running', total: 60, typeCode: TYPE, createdBy: 'creator' });

      const seen: number[] = [];
      const job = await untilCompleted(created.id, seen);
      // Progress was visible on the way (not only 0 then 60).
      expect(seen.some((n) => n > 0 && n < 60)).toBe(true);
      expect(job).toMatchObject({ status: 'completed', total: 60, done: 59, failed: 1 });
      expect(job.rate).toBeGreaterThan(0);
      expect(job.errors).toHaveLength(1);
      expect(job.errors[0]).toMatchObject({ subject: broken, code: 'ERR_TEMPLATE_GLYPH' });
      expect(job.errors[0]?.message).toContain('U+2F81A');

      const creds = await app.db
        .selectFrom('credentials')
        .select(['id', 'subject', 'sha256', 'status'])
        .where('job_id', '=', created.id)
        .execute();
      expect(creds).toHaveLength(59);
      expect(new Set(creds.map((c) => c.subject))).toEqual(new Set(chosen.filter((s) => s !== broken)));
      const items = await app.db
        .selectFrom('credential_job_items')
        .select(['subject', 'status', 'credential_id'])
        .where('job_id', '=', created.id)
        .execute();
      for (const item of items) {
        if (item.subject === broken) expect(item).toMatchObject({ status: 'failed', credential_id: null });
        else expect(creds.find((c) => c.id === item.credential_id)?.subject).toBe(item.subject);
      }

      // Every archived file is a sealed PDF that verifies against the school's root.
      const trustAnchors = [testPki.pki.root.certificate];
      for (const c of creds) {
        const pdf = await app.credentials.files.get(c.sha256);
        const report = await verify(pdf, { trustAnchors, at: new Date(clock.ms) });
        expect(report.verdict, `${c.subject}: ${report.summary.en}`).toBe('authentic');
      }

      // One audit entry per credential, plus the job's creation and completion.
      const audit = await app.db
        .selectFrom('audit_log')
        .select(['action', 'object', 'actor'])
        .where('action', 'in', ['credential.issue', 'credential.job.create', 'credential.job.complete'])
        .execute();
      const issued = new Set(creds.map((c) => `credential:${c.id}`));
      expect(audit.filter((a) => a.action === 'credential.issue' && issued.has(a.object ?? ''))).toHaveLength(
        59,
      );
      expect(
        audit
          .filter((a) => a.object === `credential-job:${created.id}`)
          .map((a) => a.action)
          .sort(),
      ).toEqual(['credential.job.complete', 'credential.job.create']);

      const zipRes = await app.inject({
        method: 'GET',
        url: `/api/credential-jobs/${created.id}/zip`,
        ...as(creator),
      });
      expect(zipRes.statusCode).toBe(200);
      expect(zipRes.headers['content-type']).toBe('application/zip');
      const zip = await JSZip.loadAsync(zipRes.rawPayload);
      const names = Object.keys(zip.files).sort();
      expect(names).toEqual(
        [
          ...chosen.filter((s) => s !== broken).map((s) => `${s}-${TYPE}.pdf`),
          'errors.csv',
          '清单.csv',
          '清单.xlsx',
        ].sort(),
      );
      const first = creds[0] as (typeof creds)[number];
      const bytes = await zip.file(`${first.subject}-${TYPE}.pdf`)?.async('uint8array');
      expect(
        Buffer.from(bytes as Uint8Array).equals(Buffer.from(await app.credentials.files.get(first.sha256))),
      ).toBe(true);
      const csv = (await zip.file('errors.csv')?.async('string')) as string;
      expect(csv.startsWith('\uFEFFsubject,subjectName,code,message\r\n')).toBe(true);
      expect(csv).toContain(`${broken},`);
      expect(csv).toContain('ERR_TEMPLATE_GLYPH');

      // Listed for the registrar.
      const list = await app.inject({ method: 'GET', url: '/api/credential-jobs', ...as(creator) });
      expect(list.json().map((j: JobView) => j.id)).toContain(created.id);
    }, 180_000);

    it('pauses (no new item is taken) and resumes to completion', async () => {
      const chosen = await subjects(60, 80);
      const created = (await createJob({ typeCode: TYPE, subjects: chosen })).json() as JobView;
      const paused = await app.inject({
        method: 'POST',
        url: `/api/credential-jobs/${created.id}/pause`,
        ...as(creator),
      });
      expect(paused.statusCode, paused.body).toBe(200);
      expect(paused.json().status).toBe('paused');
      // Items under way finish; then nothing moves.
      await sleep(2500);
      const settled = await getJob(created.id);
      await sleep(1000);
      const still = await getJob(created.id);
      expect(still.status).toBe('paused');
      expect(still.done).toBe(settled.done);
      expect(still.done).toBeLessThan(80);
      const again = await app.inject({
        method: 'POST',
        url: `/api/credential-jobs/${created.id}/pause`,
        ...as(creator),
      });
      expect(again.json().code).toBe('ERR_JOB_STATE');

      const resumed = await app.inject({
        method: 'POST',
        url: `/api/credential-jobs/${created.id}/resume`,
        ...as(creator),
      });
      expect(resumed.json().status).toBe('running');
      const job = await untilCompleted(created.id);
      expect(job).toMatchObject({ status: 'completed', done: 80, failed: 0 });
      const count = await app.db
        .selectFrom('credentials')
        .select((eb) => eb.fn.count<number>('subject').distinct().as('n'))
        .where('job_id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(80);
      const actions = await app.db
        .selectFrom('audit_log')
        .select('action')
        .where('object', '=', `credential-job:${created.id}`)
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'credential.job.create',
        'credential.job.pause',
        'credential.job.resume',
        'credential.job.complete',
      ]);
    }, 180_000);

    it('names every ZIP entry differently, even for subjects that differ only in case or in unsafe characters', async () => {
      const now = new Date(clock.ms);
      // x/y predates the subject rule (records are checked when pushed or imported, not here).
      const subjectsOf = ['Case-A', 'case-a', 'x/y', 'x_y'];
      const people = demoStudents(subjectsOf.length, 99);
      await app.db.transaction().execute((trx) =>
        insertRecords(
          trx,
          TYPE,
          subjectsOf.map((subject, i) => ({
            externalId: `zip-${i}`,
            subject,
            subjectName: (people[i] as (typeof people)[number]).name,
            cohort: 'zip-names',
            data: demoRecordFor(TYPE, people[i] as (typeof people)[number], now),
          })),
          'demo',
          now,
        ),
      );
      const created = (await createJob({ typeCode: TYPE, cohort: 'zip-names' })).json() as JobView;
      expect((await untilCompleted(created.id)).done).toBe(4);
      const zipRes = await app.inject({
        method: 'GET',
        url: `/api/credential-jobs/${created.id}/zip`,
        ...as(creator),
      });
      const names = Object.keys((await JSZip.loadAsync(zipRes.rawPayload)).files).filter((n) =>
        n.endsWith('.pdf'),
      );
      expect(names).toHaveLength(4);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
      expect(names).toEqual(
        expect.arrayContaining([
          `Case-A-${TYPE}.pdf`,
          `case-a-${TYPE} (2).pdf`,
          `x_y-${TYPE}.pdf`,
          `x_y-${TYPE} (2).pdf`,
        ]),
      );
    }, 120_000);

    it('refuses an empty or unknown selection, and a registrar of another unit', async () => {
      const empty = await createJob({ typeCode: TYPE, cohort: '1900' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().code).toBe('ERR_JOB_EMPTY');
      const none = await createJob({ typeCode: TYPE });
      expect(none.json().code).toBe('ERR_JOB_SELECTION');
      const unknown = await createJob({ typeCode: TYPE, subjects: ['no-such-student'] });
      expect(unknown.json()).toMatchObject({
        code: 'ERR_JOB_SUBJECTS_UNKNOWN',
        details: ['no-such-student'],
      });

      // A registrar of the computer science college: the transcripts belong to the academic affairs office.
      const now = new Date(clock.ms);
      await app.db.transaction().execute(async (trx) => {
        const userId = await insertUser(
          trx,
          {
            username: 'cs-registrar',
            displayName: 'x',
            unitId: demo.units.csCollege,
            password: 'cs registrar 1',
          },
          now,
        );
        await trx
          .insertInto('role_grants')
          .values({
            user_id: userId,
            role: 'business_creator',
            org_unit_id: demo.units.csCollege,
            created_at: now.toISOString(),
          })
          .execute();
      });
      const other = await signIn(app, 'cs-registrar', 'cs registrar 1');
      const refused = await createJob({ typeCode: TYPE, subjects: await subjects(0, 1) }, other);
      expect(refused.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const jobs = await app.inject({ method: 'GET', url: '/api/credential-jobs', ...as(other) });
      expect(jobs.json()).toEqual([]);
      const anyJob = await app.db.selectFrom('credential_jobs').select('id').executeTakeFirstOrThrow();
      const peek = await app.inject({
        method: 'GET',
        url: `/api/credential-jobs/${anyJob.id}`,
        ...as(other),
      });
      expect(peek.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const zip = await app.inject({
        method: 'GET',
        url: `/api/credential-jobs/${anyJob.id}/zip`,
        ...as(other),
      });
      expect(zip.json().code).toBe('ERR_FORBIDDEN_SCOPE');
    });
  });
}
