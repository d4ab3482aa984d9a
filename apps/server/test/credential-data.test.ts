import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import type {
  CredentialTemplateDetail,
  CredentialTemplateInput,
  CredentialTemplateSummary,
  ImportReport,
  TemplateSealOption,
} from '@openseal/contract';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIAL_TYPES } from '../src/demo/credentials/credential-types.ts';
import { demoRecordFor, demoStudents } from '../src/demo/credentials/sample-people.ts';
import { seedDemoCredentials } from '../src/demo/seed-demo-credentials.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { insertUser } from '../src/modules/users/users-service.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signIn, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TRANSCRIPT = 'major-transcript-zh';
const OTHER_PASSWORD = 'other template admin 1';

let testPki: TestPki;
const kek = randomBytes(32);
const SHEET = 'xl/worksheets/sheet1.xml';

interface ZipPart {
  name: string;
  data: Buffer;
}
/** A part already deflated, declaring `size` as its inflated size (true or not). */
interface DeflatedPart {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
}

/** The parts of a small real workbook, as ExcelJS writes it. */
async function workbookParts(): Promise<ZipPart[]> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('records').addRow(['subject', 'subjectName']);
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  return Promise.all(
    Object.values(zip.files)
      .filter((f) => !f.dir)
      .map(async (f) => ({ name: f.name, data: Buffer.from(await f.async('uint8array')) })),
  );
}

/** A ZIP (APPNOTE 4.3) of the parts, deflated, written by hand so that it can also be wrong. */
function zipOf(parts: readonly (ZipPart | DeflatedPart)[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const d =
      'deflated' in part
        ? part
        : { ...part, deflated: deflateRawSync(part.data), crc: crc32(part.data), size: part.data.length };
    const name = Buffer.from(d.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(d.crc >>> 0, 14);
    local.writeUInt32LE(d.deflated.length, 18);
    local.writeUInt32LE(d.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(d.crc >>> 0, 16);
    central.writeUInt32LE(d.deflated.length, 20);
    central.writeUInt32LE(d.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, d.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + d.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A worksheet of `size` bytes (an XML comment of 'A's), deflated as a stream: never held inflated. */
async function bombSheet(size: number, lie: boolean): Promise<DeflatedPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let total = 0;
  const write = async (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    total += chunk.length;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData/><!--'));
  const block = Buffer.alloc(1024 * 1024, 'A');
  for (let n = 0; n < size; n += block.length) await write(block);
  await write(Buffer.from('--></worksheet>'));
  deflate.end();
  await ended;
  return { name: SHEET, deflated: Buffer.concat(out), crc, size: lie ? 1024 : total };
}

/** Runs `fn` and reports how far the resident set grew above where it started, sampled every 5 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: Math.round((peak - base) / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}
beforeAll(async () => {
  testPki = await makeTestPki('credential-data', 'unused', { sm2: true });
});
afterAll(() => testPki?.remove());

/** A small template of our own: the name, a score and a table of courses; one issuer seal slot. */
function customInput(code: string, ownerUnitId: string, sealId: string): CredentialTemplateInput {
  return {
    code,
    name: { zh: '测试证明', en: 'Test certificate' },
    audience: 'student',
    language: 'zh',
    ownerUnitId,
    template: {
      basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
      schemas: [
        [
          { name: 'name', type: 'text', position: { x: 20, y: 30 }, width: 120, height: 10, fontSize: 14 },
          {
            name: 'courses',
            type: 'table',
            position: { x: 20, y: 50 },
            width: 170,
            height: 20,
            head: ['课程', '学分'],
            headWidthPercentages: [70, 30],
            columnKeys: ['course', 'credits'],
          },
          {
            name: 'seal',
            type: 'sealSlot',
            sealRole: 'issuer',
            position: { x: 140, y: 200 },
            width: 40,
            height: 40,
          },
        ],
      ],
    },
    dataSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        score: { type: 'number', minimum: 0, maximum: 100 },
        courses: {
          type: 'array',
          items: {
            type: 'object',
            properties: { course: { type: 'string', minLength: 1 }, credits: { type: 'number', minimum: 0 } },
            required: ['course', 'credits'],
            additionalProperties: false,
          },
        },
      },
      required: ['name', 'score', 'courses'],
      additionalProperties: false,
    },
    seals: [{ role: 'issuer', sealId }],
    requiresApproval: false,
    retentionYears: 10,
    active: true,
  };
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

/** The transcript CSV of some demo students: one row per course, the person's fields on every row. */
function transcriptCsv(count: number, edit?: (rows: (string | number)[][]) => void): string {
  const head = [
    'subject',
    'subjectName',
    'cohort',
    'name',
    'gender',
    'studentNo',
    'college',
    'major',
    'enrollmentDate',
    'graduationDate',
    'totalCredits',
    'gpa',
    'issueDate',
    'courses.course',
    'courses.term',
    'courses.credits',
    'courses.score',
    'courses.gradePoint',
  ];
  const rows: (string | number)[][] = [];
  for (const s of demoStudents(count, 7)) {
    const r = demoRecordFor(TRANSCRIPT, s, new Date('2026-09-01T00:00:00Z')) as Record<string, unknown>;
    for (const c of r['courses'] as Record<string, string>[]) {
      rows.push([
        `imp-${s.studentNo}`,
        s.name,
        String(s.enrollmentYear + 4),
        // Demo records leave the date of issue to the day of issuing; an import may still fix one.
        ...head.slice(3, 13).map((k) => String(r[k] ?? '2026年9月1日')),
        c['course'] as string,
        c['term'] as string,
        c['credits'] as string,
        c['score'] as string,
        c['gradePoint'] as string,
      ]);
    }
  }
  edit?.(rows);
  return csv([head, ...rows]);
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`credential data on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let tpladmin: Session;
    let creator: Session;
    let otherAdmin: Session;
    const seal: Record<'transcript' | 'school' | 'physical', string> = {
      transcript: '',
      school: '',
      physical: '',
    };
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };

    const call = (s: Session | null, req: InjectOptions) =>
      app.inject({ ...req, headers: { ...(s ? as(s).headers : {}), ...(req.headers ?? {}) } });
    const audits = async (action: string) =>
      app.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
    const recordCount = (typeCode: string) =>
      app.db
        .selectFrom('credential_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('type_code', '=', typeCode)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const sealIdNamed = async (name: string) =>
      (await app.db.selectFrom('seals').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

    async function createCustom(code: string): Promise<CredentialTemplateDetail> {
      const res = await call(tpladmin, {
        method: 'POST',
        url: '/api/credential-templates',
        payload: customInput(code, demo.units.academicAffairs, seal.transcript),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      await seedDemoCredentials(app.credentials, demo);
      seal.transcript = await sealIdNamed('示范大学教务处成绩专用章');
      seal.school = await sealIdNamed('示范大学');
      seal.physical = await sealIdNamed('示范大学（实物公章）');
      tpladmin = await signInDemo(app, demo, 'tpladmin');
      creator = await signInDemo(app, demo, 'creator');
      // A template admin of the College of Foreign Languages: outside 教务处's templates.
      await app.db.transaction().execute(async (trx) => {
        const unitId = demo.units.languagesCollege;
        const userId = await insertUser(
          trx,
          { username: 'lang-tpl', displayName: '外院模板管理员', unitId, password: OTHER_PASSWORD },
          new Date(clock.ms),
        );
        await trx
          .insertInto('role_grants')
          .values({
            user_id: userId,
            role: 'template_admin',
            org_unit_id: unitId,
            created_at: new Date(clock.ms).toISOString(),
          })
          .execute();
      });
      otherAdmin = await signIn(app, 'lang-tpl', OTHER_PASSWORD);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    describe('demo seed', () => {
      it('creates every demo type with its records in one go', async () => {
        const templates = await app.db.selectFrom('credential_templates').selectAll().execute();
        expect(templates.map((t) => t.code).sort()).toEqual(DEMO_CREDENTIAL_TYPES.map((t) => t.code).sort());
        for (const t of templates) {
          expect(t.owner_unit_id).toBe(
            t.audience === 'student' ? demo.units.academicAffairs : demo.units.generalOffice,
          );
        }
        // 200 students and the `student` account; 20 staff and `teacher` (retirement: every fourth staff member).
        expect(await recordCount(TRANSCRIPT)).toBe(201);
        expect(await recordCount('employment-certificate-zh')).toBe(21);
        expect(await recordCount('retirement-certificate-zh')).toBe(5);
        const own = await app.db
          .selectFrom('credential_records')
          .selectAll()
          .where('type_code', '=', TRANSCRIPT)
          .where('subject', '=', 'student')
          .executeTakeFirstOrThrow();
        expect(own).toMatchObject({ subject_name: '示范学生', source: 'demo' });
        const teacher = await app.db
          .selectFrom('credential_records')
          .selectAll()
          .where('type_code', '=', 'income-certificate-zh')
          .where('subject', '=', 'teacher')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(teacher.data)).toMatchObject({ name: '示范教师' });
        expect(await audits('credential.template.create')).toHaveLength(DEMO_CREDENTIAL_TYPES.length);
      });
    });

    describe('templates', () => {
      it('lists only the templates in the caller’s scope', async () => {
        const res = await call(tpladmin, { method: 'GET', url: '/api/credential-templates' });
        expect(res.statusCode, res.body).toBe(200);
        const list = res.json() as CredentialTemplateSummary[];
        expect(list.some((t) => t.code === TRANSCRIPT)).toBe(true);
        expect(list.every((t) => t.audience === 'student')).toBe(true);
        const other = await call(otherAdmin, { method: 'GET', url: '/api/credential-templates' });
        expect(other.json()).toEqual([]);
      });

      it('offers every active electronic seal, school-wide, to any template admin', async () => {
        const res = await call(tpladmin, { method: 'GET', url: '/api/credential-templates/seals' });
        expect(res.statusCode, res.body).toBe(200);
        const list = res.json() as TemplateSealOption[];
        const ids = list.map((x) => x.id);
        // The school's 公章 sits outside 教务处's subtree, yet a transcript is sealed with it.
        expect(ids).toContain(seal.school);
        expect(ids).toContain(seal.transcript);
        expect(ids).not.toContain(seal.physical);
        expect(list.find((x) => x.id === seal.school)).toEqual({
          id: seal.school,
          name: '示范大学',
          type: 'official',
          ownerUnitId: demo.units.school,
        });
        const usable = await app.db
          .selectFrom('seals')
          .select('id')
          .where('status', '=', 'active')
          .where('physical', '=', 0)
          .where('certificate', 'is not', null)
          .execute();
        expect([...ids].sort()).toEqual(usable.map((r) => r.id).sort());
        // A suspended seal drops out of the list.
        await app.db
          .updateTable('seals')
          .set({ status: 'suspended' })
          .where('id', '=', seal.transcript)
          .execute();
        try {
          const other = await call(otherAdmin, { method: 'GET', url: '/api/credential-templates/seals' });
          expect(other.statusCode, other.body).toBe(200);
          expect((other.json() as TemplateSealOption[]).map((x) => x.id).sort()).toEqual(
            ids.filter((id) => id !== seal.transcript).sort(),
          );
        } finally {
          await app.db
            .updateTable('seals')
            .set({ status: 'active' })
            .where('id', '=', seal.transcript)
            .execute();
        }
        const registrar = await call(creator, { method: 'GET', url: '/api/credential-templates/seals' });
        expect(registrar.json().code).toBe('ERR_FORBIDDEN');
      });

      it('creates a template, audited, and bumps the version on update', async () => {
        const created = await createCustom('custom-create');
        expect(created).toMatchObject({ code: 'custom-create', version: 1, active: true });
        expect((await audits('credential.template.create')).at(-1)).toMatchObject({
          actor: 'tpladmin',
          object: `credential_template:${created.id}`,
        });
        const input = customInput('custom-create', demo.units.academicAffairs, seal.transcript);
        const res = await call(tpladmin, {
          method: 'PUT',
          url: `/api/credential-templates/${created.id}`,
          payload: { ...input, name: { zh: '测试证明二', en: 'Test certificate 2' } },
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ version: 2, name: { zh: '测试证明二' } });
        expect((await audits('credential.template.update')).at(-1)).toMatchObject({
          object: `credential_template:${created.id}`,
        });
        const got = await call(tpladmin, { method: 'GET', url: `/api/credential-templates/${created.id}` });
        expect(got.json()).toMatchObject({
          version: 2,
          template: input.template,
          dataSchema: input.dataSchema,
        });
      });

      it('refuses a template the engine cannot compile with the reason, and stores nothing', async () => {
        const input = customInput('custom-bad', demo.units.academicAffairs, seal.transcript);
        const page = input.template.schemas[0] as Record<string, unknown>[];
        page[0] = { ...page[0], rotate: 45 };
        const res = await call(tpladmin, {
          method: 'POST',
          url: '/api/credential-templates',
          payload: input,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('ERR_TEMPLATE_INVALID');
        expect(res.json().details[0]).toContain('"name"');
        expect(res.json().details[0]).toContain('rotat');
        const schema = {
          ...customInput('custom-bad', demo.units.academicAffairs, seal.transcript),
          dataSchema: { type: 'object', properties: { x: { type: 'nonsense' } } },
        };
        const bad = await call(tpladmin, {
          method: 'POST',
          url: '/api/credential-templates',
          payload: schema,
        });
        expect(bad.json().code).toBe('ERR_TEMPLATE_SCHEMA_INVALID');
        const stored = await app.db
          .selectFrom('credential_templates')
          .select('id')
          .where('code', '=', 'custom-bad')
          .execute();
        expect(stored).toEqual([]);
      });

      it('refuses physical, missing and surplus seals, and a taken code', async () => {
        const post = (input: CredentialTemplateInput) =>
          call(tpladmin, { method: 'POST', url: '/api/credential-templates', payload: input });
        const physical = await post(customInput('custom-seal', demo.units.academicAffairs, seal.physical));
        expect(physical.json()).toMatchObject({ code: 'ERR_TEMPLATE_SEAL' });
        expect(physical.json().details.join()).toContain('physical');
        const missing = await post(customInput('custom-seal', demo.units.academicAffairs, 'no-such-seal'));
        expect(missing.json().code).toBe('ERR_TEMPLATE_SEAL');
        const surplus = customInput('custom-seal', demo.units.academicAffairs, seal.transcript);
        surplus.seals.push({ role: 'counter', sealId: seal.school });
        const counter = await post(surplus);
        expect(counter.json().details).toContain('the template has no sealSlot for the counter seal');
        const taken = await post(customInput(TRANSCRIPT, demo.units.academicAffairs, seal.transcript));
        expect(taken.statusCode).toBe(409);
        expect(taken.json().code).toBe('ERR_TEMPLATE_CODE_TAKEN');
      });

      it('keeps a template admin to their own unit', async () => {
        const created = await createCustom('custom-scope');
        const foreign = await call(otherAdmin, {
          method: 'POST',
          url: '/api/credential-templates',
          payload: customInput('custom-foreign', demo.units.academicAffairs, seal.transcript),
        });
        expect(foreign.json().code).toBe('ERR_FORBIDDEN_SCOPE');
        const read = await call(otherAdmin, {
          method: 'GET',
          url: `/api/credential-templates/${created.id}`,
        });
        expect(read.json().code).toBe('ERR_FORBIDDEN_SCOPE');
        // Moving a template out of one's scope is refused too.
        const move = await call(tpladmin, {
          method: 'PUT',
          url: `/api/credential-templates/${created.id}`,
          payload: customInput('custom-scope', demo.units.generalOffice, seal.transcript),
        });
        expect(move.json().code).toBe('ERR_FORBIDDEN_SCOPE');
        const row = await app.db
          .selectFrom('credential_templates')
          .selectAll()
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({ owner_unit_id: demo.units.academicAffairs, version: 1 });
      });

      it('previews an unsigned specimen with a stored record, or with the record given', async () => {
        const transcript = await app.db
          .selectFrom('credential_templates')
          .select('id')
          .where('code', '=', TRANSCRIPT)
          .executeTakeFirstOrThrow();
        const res = await call(tpladmin, {
          method: 'POST',
          url: `/api/credential-templates/${transcript.id}/preview`,
          payload: {},
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        expect(res.rawPayload.includes('/ByteRange')).toBe(false);
        const text = execFileSync('pdftotext', ['-', '-'], { input: res.rawPayload }).toString('utf8');
        expect(text).toContain('SPECIMEN');

        const custom = await createCustom('custom-preview');
        const given = await call(tpladmin, {
          method: 'POST',
          url: `/api/credential-templates/${custom.id}/preview`,
          payload: { record: { name: '预览同学', score: 90, courses: [{ course: '高等数学', credits: 5 }] } },
        });
        expect(given.statusCode, given.body).toBe(200);
        expect(execFileSync('pdftotext', ['-', '-'], { input: given.rawPayload }).toString('utf8')).toContain(
          '预览同学',
        );
        const invalid = await call(tpladmin, {
          method: 'POST',
          url: `/api/credential-templates/${custom.id}/preview`,
          payload: { record: { name: '预览同学', score: 'high', courses: [] } },
        });
        expect(invalid.json()).toMatchObject({
          code: 'ERR_RECORD_INVALID',
          details: ['record 1, score: must be number'],
        });
      });
    });

    describe('data sources and the push API', () => {
      let key: string;
      let sourceId: string;
      const custom = 'custom-push';
      const push = (recordId: string, body: unknown, auth: string | null = key) =>
        app.inject({
          method: 'PUT',
          url: `/api/integration/records/${custom}/${recordId}`,
          headers: auth === null ? {} : { authorization: `Bearer ${auth}` },
          payload: body as object,
        });
      const record = (name: string, score: number) => ({
        subject: '2022010001',
        subjectName: name,
        cohort: '2026',
        data: { name, score, courses: [{ course: '线性代数', credits: 3 }] },
      });

      beforeAll(async () => {
        await createCustom(custom);
        const res = await call(tpladmin, {
          method: 'POST',
          url: '/api/data-sources',
          payload: { name: '教务系统' },
        });
        expect(res.statusCode, res.body).toBe(201);
        const created = res.json() as { apiKey: string; source: { id: string } };
        key = created.apiKey;
        sourceId = created.source.id;
      });

      it('shows the key once and stores only its hash', async () => {
        expect(key).toMatch(/^osk_[A-Za-z0-9_-]{43}$/);
        const list = await call(tpladmin, { method: 'GET', url: '/api/data-sources' });
        expect(list.json()).toEqual([
          expect.objectContaining({
            id: sourceId,
            name: '教务系统',
            keyPrefix: key.slice(0, 12),
            revokedAt: null,
          }),
        ]);
        expect(list.body).not.toContain(key);
        const row = await app.db
          .selectFrom('data_sources')
          .selectAll()
          .where('id', '=', sourceId)
          .executeTakeFirstOrThrow();
        expect(JSON.stringify(row)).not.toContain(key.slice(12));
        expect(await audits('datasource.create')).toHaveLength(1);
      });

      it('stores a pushed record idempotently: created, unchanged, updated', async () => {
        const first = await push('R-1', record('张三', 88));
        expect(first.statusCode, first.body).toBe(200);
        expect(first.json()).toEqual({ recordId: 'R-1', outcome: 'created' });
        expect((await push('R-1', record('张三', 88))).json().outcome).toBe('unchanged');
        expect((await push('R-1', record('张三', 91))).json().outcome).toBe('updated');
        const rows = await app.db
          .selectFrom('credential_records')
          .selectAll()
          .where('type_code', '=', custom)
          .execute();
        expect(rows).toHaveLength(1);
        expect(JSON.parse(rows[0]?.data ?? '')).toMatchObject({ score: 91 });
        expect(rows[0]).toMatchObject({ source: sourceId, external_id: 'R-1', cohort: '2026' });
        const listed = await call(creator, {
          method: 'GET',
          url: `/api/credential-records?typeCode=${custom}`,
        });
        expect(listed.json().items[0]).toMatchObject({ subjectName: '张三', source: '教务系统' });
        expect((await audits('records.push')).at(-1)).toMatchObject({
          actor: `datasource:${sourceId}`,
          object: `credential_type:${custom}`,
        });
      });

      it('refuses an invalid record with every problem and stores nothing', async () => {
        const res = await push('R-2', {
          ...record('李四', 50),
          data: { name: '', score: 120, courses: [{ course: 'x' }] },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('ERR_RECORD_INVALID');
        expect(res.json().details).toEqual(
          expect.arrayContaining([
            'record 0, name: is required',
            'record 0, score: must be <= 100',
            'record 0, courses[0].credits: is required',
          ]),
        );
        expect(
          await app.db
            .selectFrom('credential_records')
            .select('id')
            .where('external_id', '=', 'R-2')
            .execute(),
        ).toEqual([]);
        const unknown = await app.inject({
          method: 'PUT',
          url: '/api/integration/records/no-such-type/R-1',
          headers: { authorization: `Bearer ${key}` },
          payload: record('张三', 1),
        });
        expect(unknown.json().code).toBe('ERR_RECORD_TYPE_UNKNOWN');
      });

      it('stores a batch whole or not at all', async () => {
        const batch = (records: unknown[]) =>
          app.inject({
            method: 'POST',
            url: `/api/integration/records/${custom}`,
            headers: { authorization: `Bearer ${key}` },
            payload: { records },
          });
        const bad = await batch([
          { recordId: 'B-1', ...record('王五', 70) },
          { recordId: 'B-2', ...record('赵六', 71) },
          { recordId: 'B-3', ...record('钱七', -1) },
        ]);
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toEqual({
          results: [],
          problems: [{ row: 2, field: 'score', message: 'must be >= 0', messageZh: '不能小于 0' }],
        });
        expect(await recordCount(custom)).toBe(1);
        const pushes = (await audits('records.push')).length;
        const good = await batch([
          { recordId: 'B-1', ...record('王五', 70) },
          { recordId: 'B-2', ...record('赵六', 71) },
          { recordId: 'R-1', ...record('张三', 91) },
        ]);
        expect(good.statusCode, good.body).toBe(200);
        expect(good.json().results).toEqual([
          { recordId: 'B-1', outcome: 'created' },
          { recordId: 'B-2', outcome: 'created' },
          { recordId: 'R-1', outcome: 'unchanged' },
        ]);
        expect(await recordCount(custom)).toBe(3);
        expect(await audits('records.push')).toHaveLength(pushes + 1);
      });

      it('refuses subjects that are paths or carry NUL or markup, naming each record', async () => {
        const one = await push('R-S', { ...record('张三', 80), subject: '../../etc/passwd' });
        expect(one.statusCode).toBe(400);
        expect(one.json()).toMatchObject({
          code: 'ERR_RECORD_INVALID',
          details: ['record 0, subject: must not contain /, \\, <, > or control characters'],
        });
        const batch = await app.inject({
          method: 'POST',
          url: `/api/integration/records/${custom}`,
          headers: { authorization: `Bearer ${key}` },
          payload: {
            records: ['x..y', 'nul\u0000byte', '<img src=x>', 'ok-1'].map((subject, i) => ({
              recordId: `S-${i}`,
              ...record('王五', 70),
              subject,
            })),
          },
        });
        expect(batch.statusCode).toBe(400);
        expect(
          batch.json().problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`),
        ).toEqual(['0:subject', '1:subject', '2:subject']);
        expect(
          await app.db
            .selectFrom('credential_records')
            .select('id')
            .where('external_id', 'like', 'S-%')
            .execute(),
        ).toEqual([]);
      });

      it('takes the documented 1,000 records in one call (≈ 4.5 MB of full transcripts)', async () => {
        const now = new Date(clock.ms);
        const records = demoStudents(1000, 4711).map((s, i) => ({
          recordId: `K-${i}`,
          subject: `k${String(i).padStart(4, '0')}`,
          subjectName: s.name,
          cohort: '2031',
          data: demoRecordFor(TRANSCRIPT, s, now),
        }));
        const payload = JSON.stringify({ records });
        expect(Buffer.byteLength(payload)).toBeGreaterThan(4 * 1024 * 1024);
        const before = await recordCount(TRANSCRIPT);
        const res = await app.inject({
          method: 'POST',
          url: `/api/integration/records/${TRANSCRIPT}`,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.json().results).toHaveLength(1000);
        expect(res.json().results.every((r: { outcome: string }) => r.outcome === 'created')).toBe(true);
        expect(await recordCount(TRANSCRIPT)).toBe(before + 1000);
        // Other tests count this type's records.
        await app.db.deleteFrom('credential_records').where('external_id', 'like', 'K-%').execute();
      });

      it('stores one record when two systems push the same new record at the same moment', async () => {
        const pushes = await Promise.all(
          Array.from({ length: 6 }, (_, i) => push('R-RACE', record('李四', 70 + i))),
        );
        expect(
          pushes.map((p) => p.statusCode),
          pushes.map((p) => p.body).join('\n'),
        ).toEqual(Array(6).fill(200));
        expect(pushes.filter((p) => p.json().outcome === 'created')).toHaveLength(1);
        const rows = await app.db
          .selectFrom('credential_records')
          .select('id')
          .where('type_code', '=', custom)
          .where('external_id', '=', 'R-RACE')
          .execute();
        expect(rows).toHaveLength(1);
      });

      it('answers 401 without a key, with a wrong one, and after revocation', async () => {
        const none = await push('R-9', record('孙八', 60), null);
        expect(none.statusCode).toBe(401);
        expect(none.json().code).toBe('ERR_API_KEY_INVALID');
        const wrong = await push('R-9', record('孙八', 60), `osk_${'A'.repeat(43)}`);
        expect(wrong.json().code).toBe('ERR_API_KEY_INVALID');
        // The key is checked before the body: a bad body without a key is still 401.
        expect((await push('R-9', { nonsense: true }, null)).statusCode).toBe(401);
        const revoked = await call(tpladmin, { method: 'POST', url: `/api/data-sources/${sourceId}/revoke` });
        expect(revoked.statusCode, revoked.body).toBe(200);
        expect(revoked.json().revokedAt).not.toBeNull();
        const after = await push('R-9', record('孙八', 60));
        expect(after.statusCode).toBe(401);
        expect(await audits('datasource.revoke')).toHaveLength(1);
        expect(
          await app.db
            .selectFrom('credential_records')
            .select('id')
            .where('external_id', '=', 'R-9')
            .execute(),
        ).toEqual([]);
      });
      it('refuses an address for a minute after 20 failed keys, even with a good key', async () => {
        const fresh = await call(tpladmin, {
          method: 'POST',
          url: '/api/data-sources',
          payload: { name: '人事系统' },
        });
        const good = fresh.json().apiKey as string;
        const wrong = `osk_${'B'.repeat(43)}`;
        const codes: string[] = [];
        for (let i = 0; i < 22; i++) codes.push((await push('R-9', record('孙八', 60), wrong)).json().code);
        expect(codes.at(0)).toBe('ERR_API_KEY_INVALID');
        expect(codes.at(-1)).toBe('ERR_RATE_LIMITED');
        expect((await push('R-9', record('孙八', 60), good)).statusCode).toBe(429);
        clock.ms += 61_000;
        expect((await push('R-9', record('孙八', 60), good)).json()).toEqual({
          recordId: 'R-9',
          outcome: 'created',
        });
      });
    });

    describe('import', () => {
      const importFile = (
        typeCode: string,
        body: string | Buffer,
        contentType = 'text/csv',
        dryRun = false,
        s: Session = creator,
      ) =>
        call(s, {
          method: 'POST',
          url: `/api/credential-records/import?typeCode=${typeCode}${dryRun ? '&dryRun=true' : ''}`,
          headers: { 'content-type': contentType },
          payload: body,
        });

      it('imports a CSV: one row per course, one record per subject; again it is unchanged', async () => {
        const file = transcriptCsv(3);
        const dry = await importFile(TRANSCRIPT, file, 'text/csv', true);
        expect(dry.statusCode, dry.body).toBe(200);
        expect(dry.json()).toMatchObject({ people: 3, created: 3, imported: false, problems: [] });
        const before = await recordCount(TRANSCRIPT);
        expect(before).toBe(201);
        const res = await importFile(TRANSCRIPT, file);
        const report = res.json() as ImportReport;
        expect(report).toMatchObject({
          people: 3,
          created: 3,
          updated: 0,
          unchanged: 0,
          imported: true,
          problems: [],
        });
        expect(report.rows).toBe(file.trim().split('\n').length - 1);
        expect(await recordCount(TRANSCRIPT)).toBe(before + 3);
        const [one] = demoStudents(1, 7);
        const row = await app.db
          .selectFrom('credential_records')
          .selectAll()
          .where('type_code', '=', TRANSCRIPT)
          .where('subject', '=', `imp-${one?.studentNo}`)
          .executeTakeFirstOrThrow();
        expect(row).toMatchObject({
          source: 'import',
          subject_name: one?.name,
          cohort: String((one?.enrollmentYear ?? 0) + 4),
        });
        expect(JSON.parse(row.data).courses).toHaveLength(one?.courses.length ?? -1);
        expect((await audits('records.import')).at(-1)).toMatchObject({
          actor: 'creator',
          object: `credential_type:${TRANSCRIPT}`,
        });
        const again = await importFile(TRANSCRIPT, file);
        expect(again.json()).toMatchObject({ created: 0, unchanged: 3, imported: true });
      });

      it('lists every problem of a file with 3 bad rows and imports nothing', async () => {
        const file = transcriptCsv(2, (rows) => {
          (rows[4] as (string | number)[])[15] = 'three';
          (rows[10] as (string | number)[])[0] = '';
          (rows[20] as (string | number)[])[5] = '12345';
        });
        const before = await recordCount(TRANSCRIPT);
        const audited = (await audits('records.import')).length;
        const res = await importFile(TRANSCRIPT, file.replaceAll('imp-', 'bad-'));
        expect(res.statusCode, res.body).toBe(200);
        const report = res.json() as ImportReport;
        expect(report.imported).toBe(false);
        expect(report.problems).toEqual([
          expect.objectContaining({
            row: 6,
            field: 'courses.credits',
            message: 'must be a number with 1 decimal place, such as 3.0',
          }),
          expect.objectContaining({ row: 12, field: 'subject', message: 'is required' }),
          expect.objectContaining({
            row: 22,
            field: 'studentNo',
            message: expect.stringContaining('differs from row'),
          }),
        ]);
        expect(await recordCount(TRANSCRIPT)).toBe(before);
        expect(await audits('records.import')).toHaveLength(audited);
      });

      it('names unknown and missing columns once, on the header row', async () => {
        const res = await importFile(TRANSCRIPT, 'subject,subjectName,nickname,courses.teacher\na,b,c,d\n');
        expect(res.json().problems).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              row: 1,
              field: 'nickname',
              message: 'is not a field of this credential type',
            }),
            expect.objectContaining({
              row: 1,
              field: 'courses.teacher',
              message: expect.stringContaining('not a column'),
            }),
            expect.objectContaining({
              row: 1,
              field: 'gpa',
              message: 'the column for this required field is missing',
            }),
          ]),
        );
        expect(res.json().problems.every((p: { row: number }) => p.row === 1)).toBe(true);
      });

      it('imports an XLSX workbook, converting numbers per the schema', async () => {
        await createCustom('custom-xlsx');
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('records');
        sheet.addRow([
          'subject',
          'subjectName',
          'cohort',
          'name',
          'score',
          'courses.course',
          'courses.credits',
        ]);
        sheet.addRow(['x-1', '周一', 2027, '周一', 95.5, '数据结构', 4]);
        sheet.addRow(['x-1', '周一', 2027, '周一', 95.5, '操作系统', '3.5']);
        sheet.addRow(['x-2', '吴二', 2027, '吴二', '88', '编译原理', 3]);
        const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
        const res = await importFile('custom-xlsx', bytes, XLSX_TYPE);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ rows: 3, people: 2, created: 2, imported: true, problems: [] });
        const row = await app.db
          .selectFrom('credential_records')
          .select('data')
          .where('external_id', '=', 'x-1')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(row.data)).toEqual({
          name: '周一',
          score: 95.5,
          courses: [
            { course: '数据结构', credits: 4 },
            { course: '操作系统', credits: 3.5 },
          ],
        });
      });

      it('refuses subjects that are paths or carry NUL or markup, row by row', async () => {
        await createCustom('custom-subjects');
        const file = [
          'subject,subjectName,cohort,name,score,courses.course,courses.credits',
          '../x,甲,2027,甲,90,数据结构,4',
          'a/b,乙,2027,乙,90,数据结构,4',
          '"<b>c</b>",丙,2027,丙,90,数据结构,4',
          'ok-2,丁,2027,丁,90,数据结构,4',
        ].join('\n');
        const res = await importFile('custom-subjects', `${file}\n`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ imported: false });
        expect(res.json().problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`)).toEqual(
          ['2:subject', '3:subject', '4:subject'],
        );
        expect(await recordCount('custom-subjects')).toBe(0);
      });

      it('refuses a 0.2 MB workbook that inflates to 210 MB, declared or hidden, without a memory spike', async () => {
        const parts = await workbookParts();
        // Declared honestly: refused by the sizes the ZIP declares. Declared as 1 KB: refused while
        // inflating, as soon as the part outgrows what it declares.
        for (const [lie, code] of [
          [false, 'ERR_IMPORT_FILE_TOO_LARGE'],
          [true, 'ERR_IMPORT_FILE_INVALID'],
        ] as const) {
          const bomb = zipOf([
            ...parts.filter((p) => p.name !== SHEET),
            await bombSheet(210 * 1024 * 1024, lie),
          ]);
          expect(bomb.length).toBeLessThan(512 * 1024);
          const { result: res, peakMb } = await peakRss(() => importFile(TRANSCRIPT, bomb, XLSX_TYPE));
          expect(res.json().code, res.body).toBe(code);
          expect(peakMb, `resident memory grew ${peakMb} MB`).toBeLessThan(64);
        }
      });

      it('refuses a workbook holding two parts of one name, and one with too many rows', async () => {
        const parts = await workbookParts();
        const sheet = parts.find((p) => p.name === SHEET) as ZipPart;
        const twice = zipOf([...parts, { name: SHEET, data: Buffer.from('<worksheet/>') }]);
        const dup = await importFile(TRANSCRIPT, twice, XLSX_TYPE);
        expect(dup.json()).toMatchObject({
          code: 'ERR_IMPORT_FILE_INVALID',
          details: [`the XLSX file holds "${SHEET}" twice`],
        });
        // 100,001 data rows of a few bytes each: small, but over the row limit.
        const rows = Buffer.from(
          sheet.data
            .toString('utf8')
            .replace(
              /<sheetData>.*<\/sheetData>/s,
              `<sheetData>${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(100_002)}</sheetData>`,
            ),
        );
        const many = await importFile(
          TRANSCRIPT,
          zipOf([...parts.filter((p) => p !== sheet), { name: SHEET, data: rows }]),
          XLSX_TYPE,
        );
        expect(many.json()).toMatchObject({ code: 'ERR_IMPORT_FILE_TOO_LARGE' });
        const csv = await importFile(TRANSCRIPT, `subject,subjectName\n${'\n'.repeat(3_000_000)}`);
        expect(csv.json()).toMatchObject({ code: 'ERR_IMPORT_FILE_TOO_LARGE' });
      });

      it('refuses other media types and unreadable files; keeps registrars to their unit', async () => {
        const json = await call(creator, {
          method: 'POST',
          url: `/api/credential-records/import?typeCode=${TRANSCRIPT}`,
          payload: { records: [] },
        });
        expect(json.json().code).toBe('ERR_IMPORT_MEDIA_TYPE');
        const broken = await importFile(TRANSCRIPT, Buffer.from('not a zip'), XLSX_TYPE);
        expect(broken.json().code).toBe('ERR_IMPORT_FILE_INVALID');
        const gbk = await importFile(TRANSCRIPT, Buffer.from([0x73, 0x75, 0x62, 0x0a, 0xd5, 0xc5, 0x0a]));
        expect(gbk.json().code).toBe('ERR_IMPORT_FILE_INVALID');
        const staff = await importFile('employment-certificate-zh', 'subject\n');
        expect(staff.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      });
    });

    describe('records', () => {
      it('lists the active credential types owned in the registrar’s scope', async () => {
        const inactive = await call(tpladmin, {
          method: 'POST',
          url: '/api/credential-templates',
          payload: {
            ...customInput('custom-inactive', demo.units.academicAffairs, seal.transcript),
            active: false,
          },
        });
        expect(inactive.statusCode, inactive.body).toBe(201);
        const res = await call(creator, { method: 'GET', url: '/api/credential-types' });
        expect(res.statusCode, res.body).toBe(200);
        const list = res.json() as CredentialTemplateSummary[];
        const codes = list.map((x) => x.code);
        expect(codes).toContain(TRANSCRIPT);
        expect(codes).not.toContain('custom-inactive');
        // Staff types belong to 校办, outside the registrar's 教务处.
        expect(codes).not.toContain('employment-certificate-zh');
        const expected = await app.db
          .selectFrom('credential_templates')
          .select('code')
          .where('owner_unit_id', '=', demo.units.academicAffairs)
          .where('active', '=', 1)
          .orderBy('code')
          .execute();
        expect(codes).toEqual(expected.map((r) => r.code));
        expect(list.find((x) => x.code === TRANSCRIPT)).toMatchObject({
          ownerUnitId: demo.units.academicAffairs,
          active: true,
          audience: 'student',
        });
        const admin = await call(tpladmin, { method: 'GET', url: '/api/credential-types' });
        expect(admin.json().code).toBe('ERR_FORBIDDEN');
      });

      it('lists records by cohort and person, and counts cohorts', async () => {
        const cohorts = await call(creator, {
          method: 'GET',
          url: `/api/credential-records/cohorts?typeCode=${TRANSCRIPT}`,
        });
        expect(cohorts.statusCode, cohorts.body).toBe(200);
        const expected = await app.db
          .selectFrom('credential_records')
          .select(['cohort', (eb) => eb.fn.countAll<number>().as('n')])
          .where('type_code', '=', TRANSCRIPT)
          .groupBy('cohort')
          .orderBy('cohort', 'desc')
          .execute();
        expect(cohorts.json()).toEqual(expected.map((r) => ({ cohort: r.cohort, count: Number(r.n) })));
        const [first] = cohorts.json() as { cohort: string; count: number }[];
        const page = await call(creator, {
          method: 'GET',
          url: `/api/credential-records?typeCode=${TRANSCRIPT}&cohort=${first?.cohort}&pageSize=10&page=2`,
        });
        expect(page.json().total).toBe(first?.count);
        expect(page.json().items).toHaveLength(Math.min(10, (first?.count ?? 0) - 10));
        const mine = await call(creator, {
          method: 'GET',
          url: `/api/credential-records?typeCode=${TRANSCRIPT}&q=student`,
        });
        expect(mine.json()).toMatchObject({ total: 1, items: [{ subject: 'student', source: 'demo' }] });
        const byName = await call(creator, {
          method: 'GET',
          url: `/api/credential-records?typeCode=${TRANSCRIPT}&q=示范`,
        });
        expect(byName.json().items.map((r: { subject: string }) => r.subject)).toContain('student');
        const staff = await call(creator, {
          method: 'GET',
          url: '/api/credential-records?typeCode=employment-certificate-zh',
        });
        expect(staff.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      });
    });
  });
}
