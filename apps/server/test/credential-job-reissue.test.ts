// Issuing a cohort again asks first (the server says how many already hold a current credential and
// refuses without `reissue: true`), and a job's ZIP is named for the type, cohort and day and lists
// who got which document (清单.csv and 清单.xlsx).
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecordFor, demoStudents } from '../src/demo/credentials/sample-people.ts';
import { insertRecords } from '../src/modules/credentials/records-service.ts';
import { buildCredentialApp } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';

const TYPE = 'major-transcript-zh';
const COHORT = 'r2031';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let testPki: TestPki;
beforeAll(async () => {
  testPki = await makeTestPki('jobs-reissue', 'jobs-reissue');
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`issuing a cohort again on ${kind.name}`, () => {
    let app: FastifyInstance;
    let db: TestDatabase;
    let creator: Session;
    // 23:30 UTC: the ZIP is dated the next day in Beijing.
    const clock = { ms: Date.parse('2026-09-01T23:30:00.000Z') };
    const people = demoStudents(3, 31);

    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, ...as(creator) });
    const untilCompleted = async (id: string) => {
      for (let i = 0; i < 600; i++) {
        const job = (
          await app.inject({ method: 'GET', url: `/api/credential-jobs/${id}`, ...as(creator) })
        ).json();
        if (job.status === 'completed') return job;
        await sleep(100);
      }
      throw new Error(`job ${id} did not complete`);
    };

    beforeAll(async () => {
      db = await kind.create();
      const built = await buildCredentialApp(testPki, db, clock);
      app = built.app;
      creator = await signInDemo(app, built.demo, 'creator');
      const now = new Date(clock.ms);
      await app.db.transaction().execute((trx) =>
        insertRecords(
          trx,
          TYPE,
          people.map((p) => ({
            externalId: `reissue-${p.studentNo}`,
            subject: p.studentNo,
            subjectName: p.name,
            cohort: COHORT,
            data: demoRecordFor(TYPE, p, now),
          })),
          'demo',
          now,
        ),
      );
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('says how many already hold one and issues again only when told to', async () => {
      const selection = { typeCode: TYPE, cohort: COHORT };
      expect((await post('/api/credential-jobs/check', selection)).json()).toEqual({
        people: 3,
        alreadyIssued: 0,
      });
      const first = await post('/api/credential-jobs', selection);
      expect(first.statusCode, first.body).toBe(201);
      await untilCompleted(first.json().id);

      const check = await post('/api/credential-jobs/check', selection);
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toEqual({ people: 3, alreadyIssued: 3 });
      const refused = await post('/api/credential-jobs', selection);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('ERR_JOB_ALREADY_ISSUED');

      // A revoked credential is not a current one.
      await app.db
        .updateTable('credentials')
        .set({ status: 'revoked', revoked_at: new Date(clock.ms).toISOString(), revoke_reason: 'test' })
        .where('subject', '=', people[0]?.studentNo as string)
        .execute();
      expect((await post('/api/credential-jobs/check', selection)).json()).toEqual({
        people: 3,
        alreadyIssued: 2,
      });

      const again = await post('/api/credential-jobs', { ...selection, reissue: true });
      expect(again.statusCode, again.body).toBe(201);
      expect((await untilCompleted(again.json().id)).done).toBe(3);
    }, 180_000);

    it('names the ZIP for the type, cohort and Beijing day and lists every document as CSV and XLSX', async () => {
      const jobs = (await app.inject({ method: 'GET', url: '/api/credential-jobs', ...as(creator) })).json();
      const job = jobs.find((j: { cohort: string | null }) => j.cohort === COHORT);
      const res = await app.inject({
        method: 'GET',
        url: `/api/credential-jobs/${job.id}/zip`,
        ...as(creator),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${TYPE}-cohort-${COHORT}-2026-09-02.zip"; filename*=UTF-8''${encodeURIComponent(
          `主修成绩单（中文）-${COHORT}级-2026-09-02.zip`,
        )}`,
      );
      const zip = await JSZip.loadAsync(res.rawPayload);
      const issued = await app.db
        .selectFrom('credentials')
        .select(['subject', 'subject_name', 'public_id', 'code'])
        .where('job_id', '=', job.id)
        .orderBy('subject')
        .execute();
      const expected = [
        ['姓名', '学号', '文件编号', '验证码', '文件名'],
        ...issued.map((c) => [
          c.subject_name,
          c.subject,
          c.public_id,
          `${c.code.slice(0, 4)}-${c.code.slice(4)}`,
          `${c.subject}-${TYPE}.pdf`,
        ]),
      ];
      const csv = (await zip.file('清单.csv')?.async('string')) as string;
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(
        csv
          .slice(1)
          .trim()
          .split('\r\n')
          .map((l) => l.split(',')),
      ).toEqual(expected);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await zip.file('清单.xlsx')?.async('nodebuffer')) as never);
      const rows: string[][] = [];
      workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as string[]).slice(1)));
      expect(rows).toEqual(expected);
      for (const row of expected.slice(1)) expect(zip.file(row[4] as string)).not.toBeNull();
    });
  });
}
