import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type {
  ApprovalRequest,
  ArchivePage,
  CredentialDetail,
  PortalCredentialType,
  PublicCredentialView,
  VerificationResult,
} from '@openseal/contract';
import { PdfDict, PdfDocument, PdfStream, pkiRevocationSource, verify } from '@openseal/pdf-sign';
// Not part of the package's API: the test appends a hand-made update, as a forger would.
import { IncrementalWriter } from '@openseal/pdf-sign/test-support';
import { createTimestampAuthority, generateKeyPairAsync, softwareSigner } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueCredential,
  loadIssuePlan,
  persistCredential,
  prepareCredential,
} from '../src/modules/credentials/issue-credential.ts';
import { createRenderAndSeal } from '../src/modules/credentials/render-and-seal.ts';
import type { RenderTask } from '../src/modules/credentials/render-task.ts';
import {
  type CredentialFixture,
  credentialFixture,
  pdfsig,
  pdfText,
  servedTestPki,
} from './credential-test-support.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type Session } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';

const PUBLIC_URL = 'https://verify.demo.edu.cn';
const TRANSCRIPT = 'major-transcript-zh';
const NEEDS_APPROVAL = 'admission-letter-zh';

let testPki: TestPki & { close(): Promise<void> };
let fakePki: TestPki;
beforeAll(async () => {
  testPki = await servedTestPki('credential');
  fakePki = await makeTestPki('forger', 'unused');
});
afterAll(async () => {
  await testPki?.close();
  fakePki?.remove();
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`credential issuing on ${kind.name}`, () => {
    let f: CredentialFixture;
    let app: FastifyInstance;
    let student: Session;
    /** The transcript issued through the portal, its PDF and its code as printed. */
    let issued: CredentialDetail;
    let issuedPdf: Uint8Array;
    const nextWindow = () => {
      f.clock.ms += 61_000;
    };

    const uploadVerify = async (pdf: Uint8Array): Promise<VerificationResult> => {
      nextWindow();
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(pdf),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as VerificationResult;
    };
    const publicView = (publicId: string, code: string) =>
      app.inject({
        method: 'GET',
        url: `/api/public/credentials/${publicId}?code=${encodeURIComponent(code)}`,
      });
    const requestCredential = async (s: Session, typeCode: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/portal/credentials',
        ...as(s),
        payload: { typeCode },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const download = async (s: Session, id: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/portal/credentials/${id}/pdf`, ...as(s) });
      expect(res.statusCode, res.body).toBe(200);
      return new Uint8Array(res.rawPayload);
    };

    beforeAll(async () => {
      f = await credentialFixture(kind, testPki, { publicUrl: PUBLIC_URL });
      app = f.app;
      student = await f.login('student');
      const started = Date.now();
      const result = await requestCredential(student, TRANSCRIPT);
      // The portal's promise: a sealed PDF in under five seconds.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.status).toBe('issued');
      issued = result.credential;
      issuedPdf = await download(student, issued.id);
    }, 60_000);
    afterAll(() => f?.close());

    it("lists the student's credential types, with data for the ones the registrar sent", async () => {
      const res = await app.inject({ method: 'GET', url: '/api/portal/credential-types', ...as(student) });
      expect(res.statusCode, res.body).toBe(200);
      const types = res.json() as PortalCredentialType[];
      expect(types.find((t) => t.code === TRANSCRIPT)).toMatchObject({
        available: true,
        requiresApproval: false,
      });
      expect(types.find((t) => t.code === NEEDS_APPROVAL)).toMatchObject({ requiresApproval: true });
      // Staff types are not offered to a student.
      expect(types.some((t) => t.code === 'income-certificate-zh')).toBe(false);
    });

    it('previews the student’s own data unsigned, marked SPECIMEN', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/portal/credential-types/${TRANSCRIPT}/preview`,
        ...as(student),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = new Uint8Array(res.rawPayload);
      expect(pdfText(pdf).join('\n')).toContain('SPECIMEN');
      expect(pdfText(pdf).join('\n')).toContain('示范学生');
      // The watermark across the page, not only the footer's code, says it is a specimen (its
      // diagonal letters come out of pdftotext -raw one per line).
      const raw = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf }).toString('utf8');
      expect(raw.replace(/\s+/g, '')).toContain('样张SPECIMEN');
      const report = await verify(pdf, { trustAnchors: [testPki.pki.root.certificate] });
      expect(report.verdict).toBe('unsigned');
    });

    it('issues a certified B-LT PDF that verify() and pdfsig accept, with the footer on every page', async () => {
      expect(issued).toMatchObject({ typeCode: TRANSCRIPT, subject: 'student', status: 'issued' });
      expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(issued.publicId).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
      expect(issued.verifyUrl).toBe(`${PUBLIC_URL}/v/${issued.publicId}`);
      expect(sha256(issuedPdf)).toBe(issued.sha256);
      expect(issued.retainUntil).toBe('2056-09-01');

      const report = await verify(issuedPdf, { trustAnchors: [testPki.pki.root.certificate] });
      expect(report.verdict).toBe('authentic');
      const [certification] = report.signatures;
      expect(certification?.docMdp).toEqual({ permission: 2, violated: false });
      expect(certification?.pades).toMatchObject({ conformant: true, level: 'B-LT' });

      const sig = await pdfsig(issuedPdf, testPki.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(1);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });

      const pages = pdfText(issuedPdf);
      expect(pages.length).toBe(issued.pageCount);
      for (const page of pages) {
        expect(page).toContain(issued.code);
        expect(page).toContain(issued.verifyUrl);
      }

      const audit = await app.db
        .selectFrom('audit_log')
        .select(['actor', 'outcome'])
        .where('action', '=', 'credential.issue')
        .where('object', '=', `credential:${issued.id}`)
        .execute();
      expect(audit).toEqual([{ actor: 'student', outcome: 'success' }]);
      const ledger = await app.db
        .selectFrom('sealed_documents')
        .select(['purpose', 'document_type', 'sm3'])
        .where('sha256', '=', issued.sha256)
        .execute();
      expect(ledger).toEqual([
        {
          purpose: `credential:${TRANSCRIPT}`,
          document_type: 'transcript',
          sm3: createHash('sm3').update(issuedPdf).digest('hex'),
        },
      ]);

      const mine = await app.inject({ method: 'GET', url: '/api/portal/credentials', ...as(student) });
      expect((mine.json() as CredentialDetail[]).map((c) => c.id)).toContain(issued.id);
      // Nobody else downloads it through the portal.
      const creator = await f.login('creator');
      const other = await app.inject({
        method: 'GET',
        url: `/api/portal/credentials/${issued.id}/pdf`,
        ...as(creator),
      });
      expect(other.statusCode).toBe(404);

      const upload = await uploadVerify(issuedPdf);
      expect(upload).toMatchObject({ verdict: 'authentic', inLedger: true });
      expect(upload.credential).toMatchObject({
        publicId: issued.publicId,
        status: 'issued',
        subjectName: '示范学生',
      });
    });

    it('sends a type that needs approval to the issuing unit’s head, then issues it to the requester', async () => {
      const result = await requestCredential(student, NEEDS_APPROVAL);
      expect(result.status).toBe('pending-approval');
      const leader = await f.login('leader');
      const act = await app.inject({
        method: 'POST',
        url: `/api/requests/${result.requestId}/act`,
        ...as(leader),
        payload: { action: 'approve' },
      });
      expect(act.statusCode, act.body).toBe(200);
      const request = act.json() as ApprovalRequest;
      expect(request.status, JSON.stringify(request.result)).toBe('completed');
      const credentialId = request.result?.['credentialId'] as string;
      const mine = (
        await app.inject({ method: 'GET', url: '/api/portal/credentials', ...as(student) })
      ).json() as CredentialDetail[];
      const letter = mine.find((c) => c.id === credentialId);
      expect(letter).toMatchObject({ typeCode: NEEDS_APPROVAL, subject: 'student', status: 'issued' });
      const report = await verify(await download(student, credentialId), {
        trustAnchors: [testPki.pki.root.certificate],
      });
      expect(report.verdict).toBe('authentic');
      const row = await app.db
        .selectFrom('credentials')
        .select('request_id')
        .where('id', '=', credentialId)
        .executeTakeFirstOrThrow();
      expect(row.request_id).toBe(result.requestId);
    }, 30_000);

    it('shows the public view for the right code only; wrong code and unknown id answer the same 404', async () => {
      nextWindow();
      const ok = await publicView(issued.publicId, issued.code.toLowerCase());
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      const view = ok.json() as PublicCredentialView;
      expect(view).toMatchObject({
        publicId: issued.publicId,
        status: 'issued',
        subjectName: '示范学生',
        sha256: issued.sha256,
        sealNames: ['示范大学教务处成绩专用章'],
      });
      expect(view.verification.verdict).toBe('authentic');

      const wrong = await publicView(issued.publicId, 'AAAA-AAAA');
      const unknown = await publicView('ZZZZZZZZ', issued.code);
      expect(wrong.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      expect(wrong.json().code).toBe('ERR_CREDENTIAL_NOT_FOUND');
      expect({ ...wrong.json(), requestId: null }).toEqual({ ...unknown.json(), requestId: null });

      const pdf = await app.inject({
        method: 'GET',
        url: `/api/public/credentials/${issued.publicId}/pdf?code=${issued.code.replace('-', '')}`,
      });
      expect(pdf.statusCode).toBe(200);
      expect(sha256(new Uint8Array(pdf.rawPayload))).toBe(issued.sha256);
      expect(pdf.headers['content-disposition']).toMatch(/^inline/);
      expect(pdf.headers['content-security-policy']).toContain('sandbox');
      expect(pdf.headers['cache-control']).toContain('no-store');
      const wrongPdf = await app.inject({
        method: 'GET',
        url: `/api/public/credentials/${issued.publicId}/pdf?code=AAAAAAAA`,
      });
      expect(wrongPdf.statusCode).toBe(404);
    });

    it('rate-limits the public view per address', async () => {
      nextWindow();
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) codes.push((await publicView('ZZZZZZZZ', 'AAAAAAAA')).statusCode);
      expect(codes.slice(0, 20).every((c) => c === 404)).toBe(true);
      expect(codes[20]).toBe(429);
      const blocked = await publicView(issued.publicId, issued.code);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBe('60');
    });

    it('searches the archive within the caller’s scope, with paging', async () => {
      const auditor = await f.login('bizauditor');
      const outside = await app.inject({ method: 'GET', url: '/api/archive/credentials', ...as(auditor) });
      expect(outside.statusCode, outside.body).toBe(200);
      // The general office's auditor does not see what the academic affairs office issued.
      expect((outside.json() as ArchivePage).total).toBe(0);

      // The demo's archivist holds file_admin at the school: the whole archive.
      const archivist = await f.login('fileadmin');
      const all = await app.inject({
        method: 'GET',
        url: '/api/archive/credentials?person=student&pageSize=1',
        ...as(archivist),
      });
      const page = all.json() as ArchivePage;
      expect(page.total).toBeGreaterThanOrEqual(2);
      expect(page.items).toHaveLength(1);
      const byType = await app.inject({
        method: 'GET',
        url: `/api/archive/credentials?typeCode=${TRANSCRIPT}&status=issued&from=2026-09-01&to=2026-09-01`,
        ...as(archivist),
      });
      expect((byType.json() as ArchivePage).items.map((c) => c.id)).toContain(issued.id);
      // The document number and the verification code as a reader types them off the paper.
      const typed = (value: string) => encodeURIComponent(value.toLowerCase().replace(/0/g, 'o'));
      for (const query of [`number=${typed(issued.publicId)}`, `code=${typed(issued.code)}`]) {
        const found = await app.inject({
          method: 'GET',
          url: `/api/archive/credentials?${query}`,
          ...as(archivist),
        });
        expect(found.statusCode, found.body).toBe(200);
        expect(
          (found.json() as ArchivePage).items.map((c) => c.id),
          query,
        ).toEqual([issued.id]);
      }
      const wrongCode = await app.inject({
        method: 'GET',
        url: `/api/archive/credentials?number=${issued.publicId}&code=${issued.code.startsWith('2') ? '3' : '2'}${issued.code.slice(1)}`,
        ...as(archivist),
      });
      expect((wrongCode.json() as ArchivePage).total).toBe(0);
      const detail = await app.inject({
        method: 'GET',
        url: `/api/archive/credentials/${issued.id}`,
        ...as(archivist),
      });
      expect(detail.json()).toMatchObject({ id: issued.id, code: issued.code });
      const retention = await app.inject({
        method: 'PUT',
        url: `/api/archive/retention/${TRANSCRIPT}`,
        ...as(archivist),
        payload: { retentionYears: 50 },
      });
      expect(retention.statusCode, retention.body).toBe(200);
      expect(retention.json()).toMatchObject({ typeCode: TRANSCRIPT, retentionYears: 50 });
      const audit = await app.db
        .selectFrom('audit_log')
        .select('actor')
        .where('action', '=', 'credential.retention')
        .execute();
      expect(audit).toEqual([{ actor: 'fileadmin' }]);
    });

    it('revokes once, in scope; verification and the public view then say revoked', async () => {
      const second = await requestCredential(student, TRANSCRIPT);
      const target = second.credential as CredentialDetail;
      const pdf = await download(student, target.id);
      const bizauditor = await f.login('bizauditor');
      const denied = await app.inject({
        method: 'POST',
        url: `/api/archive/credentials/${target.id}/revoke`,
        ...as(bizauditor),
        payload: { reason: 'not allowed' },
      });
      expect(denied.statusCode).toBe(403);
      const registrar = await f.login('creator');
      const revoke = () =>
        app.inject({
          method: 'POST',
          url: `/api/archive/credentials/${target.id}/revoke`,
          ...as(registrar),
          payload: { reason: '成绩更正 grade corrected' },
        });
      const res = await revoke();
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'revoked', revokeReason: '成绩更正 grade corrected' });
      const again = await revoke();
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ERR_CREDENTIAL_ALREADY_REVOKED');
      const audit = await app.db
        .selectFrom('audit_log')
        .select('actor')
        .where('action', '=', 'credential.revoke')
        .where('object', '=', `credential:${target.id}`)
        .execute();
      expect(audit).toEqual([{ actor: 'creator' }]);

      const upload = await uploadVerify(pdf);
      expect(upload.verdict).toBe('revoked');
      expect(upload.credential).toMatchObject({
        status: 'revoked',
        revokeReason: '成绩更正 grade corrected',
      });
      expect(upload.summary.zh).toContain('撤销');
      expect(upload.summary.en).toContain('revoked');
      nextWindow();
      const view = (await publicView(target.publicId, target.code)).json() as PublicCredentialView;
      expect(view).toMatchObject({ status: 'revoked', revokeReason: '成绩更正 grade corrected' });
    });

    it('adds the archive counter-seal after the certification when the template asks for one', async () => {
      const ctx = app.credentials;
      const template = await app.db
        .selectFrom('credential_templates')
        .select('id')
        .where('code', '=', 'graduate-transcript-zh')
        .executeTakeFirstOrThrow();
      const record = await app.db
        .selectFrom('credential_records')
        .selectAll()
        .where('type_code', '=', 'graduate-transcript-zh')
        .orderBy('subject')
        .executeTakeFirstOrThrow();
      const registrar = await app.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'creator')
        .executeTakeFirstOrThrow();
      const plan = await loadIssuePlan(ctx, template.id);
      expect(plan.counter).not.toBeNull();
      const detail = await issueCredential(ctx, plan, record, { actor: 'creator', userId: registrar.id });
      const pdf = await ctx.files.get(detail.sha256);
      const report = await verify(pdf, { trustAnchors: [testPki.pki.root.certificate] });
      expect(report.verdict).toBe('authentic');
      expect(report.signatures).toHaveLength(2);
      expect(report.signatures[0]?.docMdp?.permission).toBe(2);
      expect(report.signatures[1]?.docMdp).toBeUndefined();
      expect(report.signatures.map((s) => s.pades.level)).toEqual(['B-LT', 'B-LT']);
      const ledger = await app.db
        .selectFrom('sealed_documents')
        .select('seal_id')
        .where('sha256', '=', detail.sha256)
        .execute();
      expect(ledger.map((l) => l.seal_id).sort()).toEqual([plan.issuer.sealId, plan.counter?.sealId].sort());
      const sig = await pdfsig(pdf, testPki.pki.root.certificate.toPem());
      expect(
        sig.signatures.map((x) => x.valid && x.trusted),
        sig.output,
      ).toEqual([true, true]);
    });

    it('issues nothing with a seal that is not active, also when it is suspended while sealing', async () => {
      const ctx = app.credentials;
      const template = await app.db
        .selectFrom('credential_templates')
        .select('id')
        .where('code', '=', TRANSCRIPT)
        .executeTakeFirstOrThrow();
      const plan = await loadIssuePlan(ctx, template.id);
      const suspend = (status: 'active' | 'suspended') =>
        app.db.updateTable('seals').set({ status }).where('id', '=', plan.issuer.sealId).execute();
      const before = await app.db
        .selectFrom('credentials')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      try {
        await suspend('suspended');
        const refused = await app.inject({
          method: 'POST',
          url: '/api/portal/credentials',
          ...as(student),
          payload: { typeCode: TRANSCRIPT },
        });
        expect(refused.statusCode).toBe(409);
        expect(refused.json().code).toBe('ERR_CREDENTIAL_SEAL_UNAVAILABLE');

        // Rendered while active, stored after the suspension: the transaction refuses it.
        await suspend('active');
        const record = await app.db
          .selectFrom('credential_records')
          .selectAll()
          .where('type_code', '=', TRANSCRIPT)
          .where('subject', '=', 'student')
          .executeTakeFirstOrThrow();
        const prepared = prepareCredential(ctx, plan, record);
        const rendered = await ctx.renderer.render(prepared.task);
        await suspend('suspended');
        const studentId = await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'student')
          .executeTakeFirstOrThrow();
        await expect(
          app.db
            .transaction()
            .execute((trx) =>
              persistCredential(
                trx,
                ctx,
                plan,
                prepared,
                rendered,
                { actor: 'student', userId: studentId.id },
                {},
              ),
            ),
        ).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_SEAL_UNAVAILABLE' });
      } finally {
        await suspend('active');
      }
      const after = await app.db
        .selectFrom('credentials')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    describe('forged copies are not authentic', () => {
      const notAuthentic = async (forged: Uint8Array) => {
        const result = await uploadVerify(forged);
        expect(result.verdict).not.toBe('authentic');
        expect(result.verdict).not.toBe('revoked');
        expect(result.inLedger).toBe(false);
        expect(result.credential).toBeNull();
        return result;
      };

      it('text edited byte by byte in a content stream', async () => {
        const copy = Uint8Array.from(issuedPdf);
        const at = Buffer.from(copy).indexOf('stream\n', 0, 'latin1') + 'stream\n'.length + 8;
        copy[at] = (copy[at] as number) ^ 0x01;
        expect((await notAuthentic(copy)).verdict).toBe('invalid');
      });

      it('rewritten with pdf-lib and a grade drawn over', async () => {
        const doc = await PDFDocument.load(issuedPdf);
        const page = doc.getPage(0);
        page.drawRectangle({ x: 300, y: 500, width: 40, height: 12, color: rgb(1, 1, 1) });
        page.drawText('99', { x: 302, y: 502, size: 9 });
        await notAuthentic(await doc.save());
      });

      it('pages swapped or taken from another credential', async () => {
        const other = (await requestCredential(student, 'enrollment-certificate-zh'))
          .credential as CredentialDetail;
        const otherPdf = await download(student, other.id);
        const doc = await PDFDocument.load(issuedPdf);
        const [foreign] = await doc.copyPages(await PDFDocument.load(otherPdf), [0]);
        doc.insertPage(0, foreign as Parameters<typeof doc.insertPage>[1]);
        await notAuthentic(await doc.save());
      });

      it('the sealed file with its page content replaced in an appended update (the seal copied onto another text)', async () => {
        const doc = PdfDocument.parse(issuedPdf);
        const page = doc.pages()[0];
        if (!page) throw new Error('no page');
        const writer = new IncrementalWriter(doc);
        // Another text in its place (here a block of black where the grades were).
        const fake = Buffer.from('0 0 0 rg 60 300 480 400 re f', 'latin1');
        const content = new PdfStream(new PdfDict([['Length', fake.length]]), fake);
        const newPage = new PdfDict([...page.dict.map]);
        newPage.set('Contents', writer.add(content));
        writer.set(page.ref, newPage);
        const forged = writer.finish().bytes;
        expect(pdfText(forged).join('')).not.toContain('示范学生');
        expect((await notAuthentic(forged)).verdict).toBe('modified');
      });

      it('a genuine footer and QR code on a fake document sealed with a key that is not ours', async () => {
        // The forger knows the public id and code (they are printed) and renders the same template.
        const { pki } = fakePki;
        const keys = await generateKeyPairAsync('ecdsa-p256');
        const now = new Date(f.clock.ms);
        const certificate = await pki.issue({
          profile: 'seal',
          subject: [
            { type: 'O', value: '示范大学' },
            { type: 'CN', value: '示范大学教务处成绩专用章' },
          ],
          publicKey: keys.publicKey,
          now,
        });
        const template = await app.db
          .selectFrom('credential_templates')
          .select(['id', 'template'])
          .where('code', '=', TRANSCRIPT)
          .executeTakeFirstOrThrow();
        const record = await app.db
          .selectFrom('credential_records')
          .select('data')
          .where('type_code', '=', TRANSCRIPT)
          .where('subject', '=', 'student')
          .executeTakeFirstOrThrow();
        const data = JSON.parse(record.data) as Record<string, unknown> & {
          courses?: Record<string, unknown>[];
        };
        const better = { ...data, courses: (data.courses ?? []).map((c) => ({ ...c, score: '100' })) };
        const { bindRecord } = await import('@openseal/templates');
        const code = issued.code.replace('-', '');
        const task: RenderTask = {
          templateKey: 'forged',
          template: JSON.parse(template.template),
          inputs: bindRecord(JSON.parse(template.template), { issueDate: '2026年9月1日', ...better }),
          footer: { url: issued.verifyUrl, code: issued.code, qrText: `${issued.verifyUrl}?c=${code}` },
          title: 'forged',
          lang: 'zh',
          issuer: {
            sealId: 'forged',
            certificate: certificate.der,
            chain: [pki.issuing.certificate.der, pki.root.certificate.der],
            appearance: { kind: 'round', orgName: '示范大学', centerText: '教务处成绩专用章' } as never,
          },
          counter: null,
          reason: 'forged',
        };
        const forged = await createRenderAndSeal()(task, {
          signer: () => softwareSigner(keys.privateKey),
          timestamper: createTimestampAuthority({
            certificate: pki.tsa.certificate,
            signer: pki.tsa.signer,
            chain: [pki.issuing.certificate],
          }),
          revocation: pkiRevocationSource(pki),
          clock: () => now,
        });
        expect(pdfText(forged.pdf).join('')).toContain(issued.code);
        const result = await notAuthentic(forged.pdf);
        expect(result.verdict).toBe('untrusted');
        expect(result.signatures[0]?.sealName).toBeNull();
        // The QR code leads to what the archive holds: the original, not the forgery.
        nextWindow();
        const view = (await publicView(issued.publicId, issued.code)).json() as PublicCredentialView;
        expect(view.sha256).toBe(issued.sha256);
        expect(view.sha256).not.toBe(forged.sha256);
        expect(view.verification.verdict).toBe('authentic');
      });
    });
  });
}
