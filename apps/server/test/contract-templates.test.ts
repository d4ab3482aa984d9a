// Contract templates through the HTTP API on both databases: a template admin stores a versioned
// template with roles and fields; an initiator generates a contract from data; the PDF carries the data
// (pdftotext), the student signs with a browser-held key and the school stamps, each at its role's
// field; bad data, a wrong role mapping and a caller who is not a template admin are refused, with
// nothing stored.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ContractDetail,
  ContractTemplateDetail,
  ContractTemplateInput,
  ContractTemplateSummary,
  SealPlacement,
  VerificationResult,
} from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { PDFDocument, PDFSignature } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CONTRACT_TEMPLATE_NAME,
  seedDemoContractTemplates,
  studentCourseAgreement,
} from '../src/demo/seed-demo-contract-templates.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { boxPlacement } from '../src/modules/contracts/contract-placement.ts';
import { browserSigner } from './browser-signer.ts';
import { signContractAs } from './contract-test-support.ts';
import { pdfsig, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, type TestPki } from './test-pki.ts';

const CONTRACT_SEAL = '示范大学合同专用章';
const DATA = {
  studentName: '示范学生',
  course: '数据结构 Data Structures',
  fee: '3200',
  startDate: '2026-09-14',
  rulesRead: true,
};

let served: TestPki & { close(): Promise<void> };
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('contract-templates');
});
afterAll(() => served?.close());

/** The text of a PDF as poppler's pdftotext reads it. */
function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-contract-template-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each signature field's widget rectangle, PDF points from the bottom left, by signing order. */
async function signatureRects(
  pdf: Uint8Array,
): Promise<{ x: number; y: number; width: number; height: number }[][]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc
    .getForm()
    .getFields()
    .filter((f) => f instanceof PDFSignature)
    .map((f) => f.acroField.getWidgets().map((w) => w.getRectangle()));
}

/** Where the layout's element `name` puts a signature (its box's centre), as the server computes it. */
function expectedPlacement(input: ContractTemplateInput, name: string): SealPlacement {
  type Element = { name: string; position: { x: number; y: number }; width: number; height: number };
  const pages = input.template.schemas as unknown as Element[][];
  const page = pages.findIndex((p) => p.some((s) => s.name === name));
  const el = pages[page]?.find((s) => s.name === name) as Element;
  return boxPlacement({ page: page + 1, ...el }, input.template.basePdf.height);
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`contract templates on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let tpladmin: Session;
    let creator: Session;
    let student: Session;
    let sealId: string;
    let input: ContractTemplateInput;
    let template: ContractTemplateDetail;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };

    const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: as(s).headers, ...(payload ? { payload } : {}) });
    const generate = (body: object) =>
      call(creator, 'POST', `/api/contract-templates/${template.id}/contracts`, {
        title: '学生课程协议 数据结构',
        order: 'sequential',
        data: DATA,
        parties: [{ role: 'student', username: 'student' }, { role: 'school' }],
        ...body,
      });
    const count = async (table: 'contracts' | 'contract_templates' | 'contract_template_versions') =>
      Number(
        (
          await app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audits = async (action: string) =>
      app.db.selectFrom('audit_log').select(['actor', 'object']).where('action', '=', action).execute();

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(served, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      tpladmin = await signInDemo(app, demo, 'tpladmin');
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
      sealId = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', CONTRACT_SEAL)
          .executeTakeFirstOrThrow()
      ).id;
      input = { ...studentCourseAgreement(demo.units.academicAffairs, sealId), name: '课程协议（测试）' };
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('a template admin stores a template, and each save is a new version kept beside the old', async () => {
      const created = await call(tpladmin, 'POST', '/api/contract-templates', { ...input, active: false });
      expect(created.statusCode, created.body).toBe(201);
      template = created.json() as ContractTemplateDetail;
      expect(template).toMatchObject({ version: 1, active: false, manageable: true });
      expect(template.roles.map((r) => r.key)).toEqual(['student', 'school']);

      // Inactive, it is not offered to initiators.
      expect((await call(creator, 'GET', '/api/contract-templates')).json()).toEqual([]);

      const saved = await call(tpladmin, 'PUT', `/api/contract-templates/${template.id}`, input);
      expect(saved.statusCode, saved.body).toBe(200);
      template = saved.json() as ContractTemplateDetail;
      expect(template).toMatchObject({ version: 2, active: true });
      const versions = await app.db
        .selectFrom('contract_template_versions')
        .select(['version', 'saved_by'])
        .where('template_id', '=', template.id)
        .orderBy('version')
        .execute();
      expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
      expect((await audits('contract.template.create')).map((a) => a.object)).toEqual([
        `contract_template:${template.id}`,
      ]);
      expect(await audits('contract.template.update')).toEqual([
        { actor: 'tpladmin', object: `contract_template:${template.id}` },
      ]);

      // Now initiators see it and may read its fields; a student neither lists nor reads it.
      const listed = (
        await call(creator, 'GET', '/api/contract-templates')
      ).json() as ContractTemplateSummary[];
      expect(listed.map((t) => [t.id, t.manageable])).toEqual([[template.id, false]]);
      expect((await call(creator, 'GET', `/api/contract-templates/${template.id}`)).statusCode).toBe(200);
      expect((await call(student, 'GET', '/api/contract-templates')).json()).toEqual([]);
      expect((await call(student, 'GET', `/api/contract-templates/${template.id}`)).statusCode).toBe(404);
    });

    it('a contract generated from data carries the data, and each party signs at its role field', async () => {
      const auditsBefore = (await audits('contract.create')).length;
      const res = await generate({});
      expect(res.statusCode, res.body).toBe(201);
      const contract = res.json() as ContractDetail;
      expect(contract.parties.map((p) => [p.kind, p.name, p.status, p.custody])).toEqual([
        ['person', '示范学生', 'ready', 'browser'],
        ['organization', CONTRACT_SEAL, 'waiting', undefined],
      ]);
      const created = contract.events.find((e) => e.kind === 'created');
      expect(created?.detail).toBe(`模板 template 课程协议（测试） v2 (${template.id})`);
      expect(await audits('contract.create')).toHaveLength(auditsBefore + 1);
      expect(await audits('contract.template.generate')).toEqual([
        { actor: 'creator', object: `contract_template:${template.id}` },
      ]);

      const original = new Uint8Array(
        (await call(student, 'GET', `/api/contracts/${contract.id}/file`)).rawPayload,
      );
      const text = pdfText(original);
      for (const value of ['示范学生', '数据结构 Data Structures', '3200', '2026-09-14', '学生课程协议'])
        expect(text).toContain(value);
      expect(text).toContain('√');

      const signed = await signContractAs(app, student, contract.id, await browserSigner());
      expect(signed.statusCode, signed.body).toBe(200);
      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.statusCode, sealed.body).toBe(200);
      expect((sealed.json() as ContractDetail).status).toBe('completed');

      const bytes = new Uint8Array(
        (await call(student, 'GET', `/api/contracts/${contract.id}/file`)).rawPayload,
      );
      // Two signatures, each one widget spanning its role's signature or seal box and its 签署日期 box,
      // where the signing date is drawn.
      const sig = await pdfsig(bytes, served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      for (const s of sig.signatures) expect(s, sig.output).toMatchObject({ valid: true, trusted: true });
      const rects = await signatureRects(bytes);
      expect(rects.map((r) => r.length)).toEqual([1, 1]);
      const roleBoxes = [
        ['studentSignature', 'studentDate'],
        ['schoolSeal', 'schoolDate'],
      ];
      rects.forEach(([r], i) => {
        for (const name of roleBoxes[i]!) {
          const at = expectedPlacement(input, name) as SealPlacement & { kind: 'page' };
          expect(at.x, `${name} x`).toBeGreaterThan(r!.x);
          expect(at.x, `${name} x`).toBeLessThan(r!.x + r!.width);
          expect(at.y, `${name} y`).toBeGreaterThan(r!.y);
          expect(at.y, `${name} y`).toBeLessThan(r!.y + r!.height);
        }
      });
      // The dates are part of the signatures: our verifier finds two authentic signatures.
      const verified = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(bytes),
      });
      const result = verified.json() as VerificationResult;
      expect(result.verdict, verified.body).toBe('authentic');
      expect(result.signatures.map((s) => [s.signer, s.signerKind])).toEqual([
        ['示范学生', 'person'],
        [CONTRACT_SEAL, 'seal'],
      ]);
    });

    it('missing or wrong data is refused with the field named, and nothing is stored', async () => {
      const before = await count('contracts');
      const { course: _course, ...withoutCourse } = DATA;
      const missing = await generate({ data: withoutCourse });
      expect(missing.statusCode, missing.body).toBe(400);
      expect(missing.json().code).toBe('ERR_CONTRACT_TEMPLATE_DATA');
      expect(missing.json().details).toEqual(['data.course: 课程名称 Course is required']);

      const wrong = await generate({ data: { ...DATA, startDate: '2026-02-30', extra: 'x' } });
      expect(wrong.statusCode, wrong.body).toBe(400);
      expect(wrong.json().details).toEqual([
        'data.extra: the template has no data field called extra',
        'data.startDate: 开课日期 Start date takes a date, YYYY-MM-DD',
      ]);
      expect(await count('contracts')).toBe(before);
    });

    it('a party mapping that does not fit the roles is refused', async () => {
      const before = await count('contracts');
      const cases: [object[], string][] = [
        [
          [{ role: 'school', username: 'student' }],
          'parties.student: 学生 Student is a person, named by an account (username)',
        ],
        [
          [
            { role: 'student', username: 'student' },
            { role: 'landlord', username: 'teacher' },
          ],
          'parties.landlord: the template has no role landlord',
        ],
        [[{ role: 'student', sealId }], 'parties.student: 学生 Student is a person and takes no seal'],
      ];
      for (const [parties, detail] of cases) {
        const res = await generate({ parties });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().code).toBe('ERR_CONTRACT_TEMPLATE_ROLES');
        expect(res.json().details, res.body).toContain(detail);
      }
      // Roles fit, but the account does not exist: the same party checks as an uploaded contract's.
      const unknown = await generate({
        parties: [{ role: 'student', username: 'nobody' }, { role: 'school' }],
      });
      expect(unknown.json().code).toBe('ERR_CONTRACT_PARTIES');
      expect(await count('contracts')).toBe(before);
    });

    it('only a template admin in scope manages templates; a template that does not fit itself is refused', async () => {
      const before = await count('contract_templates');
      const byCreator = await call(creator, 'POST', '/api/contract-templates', input);
      expect(byCreator.statusCode).toBe(403);
      expect(byCreator.json().code).toBe('ERR_FORBIDDEN');
      const outOfScope = await call(tpladmin, 'POST', '/api/contract-templates', {
        ...input,
        ownerUnitId: demo.units.generalOffice,
      });
      expect(outOfScope.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const byCreatorUpdate = await call(creator, 'PUT', `/api/contract-templates/${template.id}`, input);
      expect(byCreatorUpdate.statusCode).toBe(403);

      const crossed = await call(tpladmin, 'POST', '/api/contract-templates', {
        ...input,
        fields: input.fields.map((f) =>
          f.name === 'studentSignature' ? { ...f, kind: 'seal' } : f.name === 'nope' ? f : f,
        ),
      });
      expect(crossed.statusCode, crossed.body).toBe(400);
      expect(crossed.json().code).toBe('ERR_CONTRACT_TEMPLATE_INVALID');
      expect(crossed.json().details).toEqual([
        'fields.studentSignature: a seal field belongs to an organisation role, and student is a person',
        'roles.student: needs exactly one signature field, has 0',
      ]);
      const ghost = await call(tpladmin, 'POST', '/api/contract-templates', {
        ...input,
        fields: [...input.fields, { name: 'ghost', kind: 'text', label: 'Ghost', required: false }],
      });
      expect(ghost.json().details).toEqual(['fields.ghost: the layout has no element called ghost']);
      expect(await count('contract_templates')).toBe(before);
    });

    it('the demo template is seeded for 教务处 and generates a contract', async () => {
      const id = await seedDemoContractTemplates(app.db, demo, () => new Date(clock.ms));
      const listed = (
        await call(creator, 'GET', '/api/contract-templates')
      ).json() as ContractTemplateSummary[];
      expect(listed.map((t) => t.name)).toContain(DEMO_CONTRACT_TEMPLATE_NAME);
      const res = await call(creator, 'POST', `/api/contract-templates/${id}/contracts`, {
        title: '学生课程协议',
        order: 'parallel',
        data: { studentName: '示范学生', course: '高等数学', fee: '1800', startDate: '2026-10-08' },
        parties: [{ role: 'student', username: 'student' }],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(
        pdfText(
          new Uint8Array((await call(creator, 'GET', `/api/contracts/${res.json().id}/file`)).rawPayload),
        ),
      ).toContain('高等数学');
    });
  });
}
