import { randomBytes } from 'node:crypto';
import type { ImportReport } from '@openseal/contract';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecordFor, demoStudents } from '../src/demo/credentials/sample-people.ts';
import { seedDemoCredentials } from '../src/demo/seed-demo-credentials.ts';
import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';

// A registrar's import file names its columns as the template labels them (学号, not studentNo), in
// Chinese or English; the template is downloaded per type; problems come in both languages with the
// column's label.

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TRANSCRIPT = 'major-transcript-zh';
const kek = randomBytes(32);
let testPki: TestPki;

/** The transcript's template columns as a registrar reads them, and the record key each fills. */
const ZH_COLUMNS: Record<string, string> = {
  学号: 'studentNo',
  姓名: 'name',
  年级: 'cohort',
  性别: 'gender',
  学院: 'college',
  专业: 'major',
  入学日期: 'enrollmentDate',
  '毕业日期（或预计毕业日期）': 'graduationDate',
  课程名称: 'courses.course',
  学期: 'courses.term',
  学分: 'courses.credits',
  '成绩（百分制或等级）': 'courses.score',
  绩点: 'courses.gradePoint',
  总学分: 'totalCredits',
  平均学分绩点: 'gpa',
  出具日期: 'issueDate',
};

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

/** A CSV with `header`, one row per course of `count` demo students; `key(header)` says what each column holds. */
function labelledCsv(header: readonly string[], key: (h: string) => string, count: number): string {
  const lines = [header.join(',')];
  for (const s of demoStudents(count, 11)) {
    const r = demoRecordFor(TRANSCRIPT, s, new Date('2026-09-01T00:00:00Z')) as Record<string, unknown>;
    for (const c of r['courses'] as Record<string, string>[]) {
      const value = (k: string) =>
        k === 'cohort'
          ? String(s.enrollmentYear + 4)
          : k.startsWith('courses.')
            ? (c[k.slice(8)] as string)
            : String(r[k]);
      lines.push(header.map((h) => value(key(h))).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  testPki = await makeTestPki('credential-import-labels', 'unused');
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`import by column labels on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let creator: Session;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const call = (req: InjectOptions) =>
      app.inject({ ...req, headers: { ...as(creator).headers, ...(req.headers ?? {}) } });
    const importFile = (body: string, dryRun = false) =>
      call({
        method: 'POST',
        url: `/api/credential-records/import?typeCode=${TRANSCRIPT}&dryRun=${dryRun}`,
        headers: { 'content-type': 'text/csv' },
        payload: body,
      });
    const template = async (lang: 'zh' | 'en') => {
      const res = await call({
        method: 'GET',
        url: `/api/credential-records/import-template?typeCode=${TRANSCRIPT}&lang=${lang}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      const demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      await seedDemoCredentials(app.credentials, demo);
      creator = await signInDemo(app, demo, 'creator');
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('serves an XLSX template per type, headed by the Chinese labels, with an example row', async () => {
      const res = await template('zh');
      expect(res.headers['content-type']).toContain(XLSX_TYPE);
      expect(res.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent('主修成绩单')}`,
      );
      const [header, example] = await sheetRows(res.rawPayload);
      expect(header).toEqual(Object.keys(ZH_COLUMNS));
      expect(example?.[0]).toMatch(/^\d{10}$/);
      expect(example?.[Object.keys(ZH_COLUMNS).indexOf('学分')]).toBe('3.0');
    });

    it('imports a file headed by the Chinese labels: 学号 fills both the person and the record', async () => {
      const [header] = await sheetRows((await template('zh')).rawPayload);
      const res = await importFile(labelledCsv(header as string[], (h) => ZH_COLUMNS[h] as string, 2));
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as ImportReport;
      expect(report).toMatchObject({ people: 2, imported: true, problems: [] });
      const [one] = demoStudents(1, 11);
      const row = await app.db
        .selectFrom('credential_records')
        .selectAll()
        .where('type_code', '=', TRANSCRIPT)
        .where('subject', '=', one?.studentNo as string)
        .executeTakeFirstOrThrow();
      expect(row.subject_name).toBe(one?.name);
      expect(JSON.parse(row.data)).toMatchObject({ studentNo: one?.studentNo, name: one?.name });
    });

    it('imports a file headed by the English labels', async () => {
      const [zh] = await sheetRows((await template('zh')).rawPayload);
      const [en] = await sheetRows((await template('en')).rawPayload);
      expect(en).toContain('Student number');
      expect(en).toContain('Credits');
      const keyOf = (h: string) =>
        ZH_COLUMNS[(zh as string[])[(en as string[]).indexOf(h)] as string] as string;
      const res = await importFile(labelledCsv(en as string[], keyOf, 1), true);
      expect(res.json()).toMatchObject({ people: 1, problems: [] });
    });

    it('names the column by its label and says what is wrong in Chinese and English', async () => {
      const [header] = await sheetRows((await template('zh')).rawPayload);
      const file = labelledCsv(header as string[], (h) => ZH_COLUMNS[h] as string, 1)
        .split('\n')
        .map((line, i) => {
          if (i !== 2) return line;
          const cells = line.split(',');
          cells[(header as string[]).indexOf('学分')] = 'three';
          return cells.join(',');
        })
        .join('\n');
      const res = await importFile(`${file.trim()}\n`);
      expect(res.json().problems).toEqual([
        {
          row: 3,
          field: 'courses.credits',
          column: { zh: '学分', en: 'Credits' },
          message: 'must be a number with 1 decimal place, such as 3.0',
          messageZh: '须为保留 1 位小数的数字，如 3.0',
        },
      ]);
      const unknown = await importFile('学号,姓名,绰号\n2026000001,张三,小张\n');
      expect(unknown.json().problems).toContainEqual({
        row: 1,
        field: '绰号',
        column: { zh: '绰号', en: '绰号' },
        message: 'is not a field of this credential type',
        messageZh: '该凭证类型没有这一列，请按下载的模板填写列名',
      });
    });
  });
}
