// Contracts end to end through the HTTP API on both databases: a student signs with a key only their
// "browser" holds, then the school stamps with its contract seal; pdfsig and our verifier judge the
// file; nobody else sees the contract, the initiator cannot sign for the student, a forged signature
// changes nothing, and the private key is nowhere on the server. Decline, void and expiry end it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractDetail, ContractPage, SealJob, VerificationResult } from '@openseal/contract';
import { extractText } from '@openseal/pdf-sign';
import { pyhanko, pyhankoAvailable } from '@openseal/pdf-sign/test-support';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { expireContracts } from '../src/modules/contracts/contract-closing.ts';
import { type ContractNotice, contractNotices } from '../src/modules/contracts/contract-notices.ts';
import { REMIND_AFTER_MS, remindWaitingSigners } from '../src/modules/contracts/contract-reminders.ts';
import { demoRealNameProvider } from '../src/modules/contracts/real-name/demo-real-name.ts';
import { type BrowserSigner, browserSigner } from './browser-signer.ts';
import { signContractAs } from './contract-test-support.ts';
import { pdfsig, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import type { TestPki } from './test-pki.ts';
import { buildPkiApp } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const CONTRACT_SEAL = '示范大学合同专用章';
const withPyhanko = pyhankoAvailable('contracts (pyHanko checks)');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let served: TestPki & { close(): Promise<void> };
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('contracts');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Course contract', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => served?.close());

/** pyHanko's verdict on each signature of `pdf`, with revocation checked against the served PKI. */
async function pyhankoVerdicts(
  pdf: Uint8Array,
  name: string,
): Promise<{ verdicts: unknown[]; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-contract-pyhanko-'));
  try {
    writeFileSync(join(dir, `${name}.pdf`), pdf);
    writeFileSync(join(dir, 'root.pem'), served.pki.root.certificate.toPem());
    const result = await pyhanko(['sign', 'validate'], join(dir, `${name}.pdf`), join(dir, 'root.pem'), {
      revocation: true,
    });
    return { verdicts: result.fields.map((f) => f.verdict), output: result.output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`contracts on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let creator: Session;
    let student: Session;
    let teacher: Session;
    let sealId: string;
    let demo: DemoSchool;
    /** The two-party contract the first test completes. */
    let completed: ContractDetail;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };

    const call = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: as(s).headers, ...(payload ? { payload } : {}) });

    async function start(parties: object[], extra: object = {}): Promise<ContractDetail> {
      const uploadId = await uploadFor(app, creator, 'course.pdf', pdf);
      const res = await call(creator, 'POST', '/api/contracts', {
        title: '课程服务合同 Course contract',
        file: { uploadId },
        order: 'sequential',
        parties,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as ContractDetail;
    }

    const signAs = (s: Session, id: string, signer: BrowserSigner, sign = signer.sign) =>
      signContractAs(app, s, id, signer, sign);

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp({ ...served, pdf }, db.config, kek, () => new Date(clock.ms), {
        // A provider without the face step; contract-real-name-face.test.ts covers the demo's own.
        realName: { ...demoRealNameProvider, capabilities: { face: false } },
        sealJobTickMs: 20,
      });
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
      teacher = await signInDemo(app, demo, 'teacher');
      const seal = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', CONTRACT_SEAL)
        .executeTakeFirstOrThrow();
      sealId = seal.id;
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('a student signs with their own key, the school seals, and pdfsig and our verifier accept both', async () => {
      const contract = await start([
        { kind: 'person', username: 'student' },
        { kind: 'organization', sealId },
      ]);
      expect(contract.parties.map((p) => p.status)).toEqual(['ready', 'waiting']);

      // Nobody else sees it; the student sees it awaiting them.
      expect((await call(teacher, 'GET', `/api/contracts/${contract.id}`)).json().code).toBe(
        'ERR_CONTRACT_NOT_FOUND',
      );
      expect((await call(teacher, 'GET', '/api/contracts')).json()).toEqual({ items: [] });
      const mine = (await call(student, 'GET', '/api/contracts')).json() as ContractPage;
      expect(mine.items.map((c) => [c.id, c.awaitingMe])).toEqual([[contract.id, true]]);

      // The initiator can neither sign for the student nor stamp before the student's turn is done.
      const signer = await browserSigner();
      const forInitiator = await call(creator, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64(signer.csr),
      });
      expect(forInitiator.json().code).toBe('ERR_CONTRACT_NOT_YOUR_TURN');
      const early = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(early.json().code).toBe('ERR_CONTRACT_NOT_YOUR_TURN');

      // A signature by another key is refused and changes nothing.
      const other = await browserSigner();
      const forged = await signAs(student, contract.id, signer, other.sign);
      expect(forged.statusCode, forged.body).toBe(400);
      expect(forged.json().code).toBe('ERR_CONTRACT_SIGNATURE_INVALID');
      const unchanged = (
        await call(student, 'GET', `/api/contracts/${contract.id}`)
      ).json() as ContractDetail;
      expect(unchanged.documentSha256).toBe(contract.documentSha256);
      expect(unchanged.parties[0]!.status).toBe('ready');

      const signed = await signAs(student, contract.id, signer);
      expect(signed.statusCode, signed.body).toBe(200);
      const afterStudent = signed.json() as ContractDetail;
      expect(afterStudent.parties.map((p) => p.status)).toEqual(['signed', 'ready']);
      expect(afterStudent.parties[0]!.certificateSubject).toContain('CN=');
      expect(afterStudent.parties[0]!.custody).toBe('browser');

      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.statusCode, sealed.body).toBe(200);
      const done = sealed.json() as ContractDetail;
      completed = done;
      expect(done.status).toBe('completed');
      expect(done.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['created', 'certificate-issued', 'signed', 'sealed', 'completed']),
      );
      expect(done.events.find((e) => e.kind === 'signed')?.userAgent).toBeTruthy();

      const file = await call(student, 'GET', `/api/contracts/${contract.id}/file`);
      expect(file.statusCode).toBe(200);
      const bytes = new Uint8Array(file.rawPayload);
      const sig = await pdfsig(bytes, served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      for (const s of sig.signatures) expect(s, sig.output).toMatchObject({ valid: true, trusted: true });
      if (withPyhanko) {
        const checked = await pyhankoVerdicts(bytes, 'two-party');
        expect(checked.verdicts, checked.output).toEqual(['VALID', 'VALID']);
      }

      clock.ms += 61_000;
      const verified = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(bytes),
      });
      const result = verified.json() as VerificationResult;
      expect(result.verdict, verified.body).toBe('authentic');
      expect(result.signatures).toHaveLength(2);
      expect(result.signatures.every((s) => s.signatureValid)).toBe(true);
      // Our verifier names both signers and what kind of certificate each signed under.
      expect(result.signatures.map((s) => [s.signer, s.signerKind])).toEqual([
        ['示范学生', 'person'],
        [CONTRACT_SEAL, 'seal'],
      ]);

      // The student's private key is in no table and no stored file.
      const needle = signer.privateScalar;
      for (const table of [
        'contracts',
        'contract_parties',
        'contract_events',
        'signer_certificates',
      ] as const) {
        const rows = await app.db.selectFrom(table).selectAll().execute();
        for (const row of rows)
          for (const v of Object.values(row)) {
            const hay = v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v));
            expect(hay.includes(needle), table).toBe(false);
            expect(hay.includes(Buffer.from(needle.toString('base64'))), table).toBe(false);
          }
      }
      for (const path of filesUnder(served.dir))
        expect(readFileSync(path).includes(needle), path).toBe(false);
    }, 60_000);

    it('the evidence report lists every event, is sealed by the platform and verifies', async () => {
      const res = await call(student, 'GET', `/api/contracts/${completed.id}/evidence`);
      expect(res.statusCode, res.body).toBe(200);
      const report = new Uint8Array(res.rawPayload);
      if (process.env.OPENSEAL_KEEP_EVIDENCE) writeFileSync(process.env.OPENSEAL_KEEP_EVIDENCE, report);
      // Cells wrap their words onto several lines: compared without white space, in the order they happened.
      const whole = (await extractText(report)).replace(/\s+/g, '');
      const text = whole.slice(whole.indexOf('说明Detail'));
      const kinds = [
        '发起Created',
        '签发证书Certificateissued',
        '同意Consented',
        '签署Signed',
        '盖章Sealed',
        '完成Completed',
      ];
      const at = kinds.map((k) => text.indexOf(k));
      expect(
        at.every((i) => i >= 0),
        JSON.stringify(at),
      ).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text).toContain(completed.documentSha256.slice(0, 16));
      expect(whole).toContain('Asia/Shanghai(UTC+8)');
      const sig = await pdfsig(report, served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(1);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });
      expect(sig.output).toContain('Contract evidence');
      if (withPyhanko) {
        const checked = await pyhankoVerdicts(report, 'evidence');
        expect(checked.verdicts, checked.output).toEqual(['VALID']);
      }
      clock.ms += 61_000;
      const verified = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(report),
      });
      expect((verified.json() as VerificationResult).verdict, verified.body).toBe('authentic');
      // A stranger gets no report.
      expect((await call(teacher, 'GET', `/api/contracts/${completed.id}/evidence`)).statusCode).toBe(404);
    }, 60_000);

    it('an event certificate signs once for the person, labelled as such, and pdfsig accepts it', async () => {
      const contract = await start([
        { kind: 'person', username: 'student', custody: 'event' },
        { kind: 'organization', sealId },
      ]);
      expect(contract.parties[0]!.custody).toBe('event');
      const viaKey = await call(student, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64((await browserSigner()).csr),
      });
      expect(viaKey.json().code).toBe('ERR_CONTRACT_CUSTODY');
      const res = await call(student, 'POST', `/api/contracts/${contract.id}/signature/event`, {
        appearance: { kind: 'typed' },
        consent: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      const signed = res.json() as ContractDetail;
      expect(signed.parties[0]!.certificateSubject).toContain('Event certificate');
      expect(signed.events.find((e) => e.kind === 'signed')?.detail).toContain('事件证书');
      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.json().status).toBe('completed');
      const file = await call(creator, 'GET', `/api/contracts/${contract.id}/file`);
      const sig = await pdfsig(new Uint8Array(file.rawPayload), served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      for (const s of sig.signatures) expect(s, sig.output).toMatchObject({ valid: true, trusted: true });
      clock.ms += 61_000;
      const verified = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: file.rawPayload,
      });
      const kinds = (verified.json() as VerificationResult).signatures.map((s) => s.signerKind);
      expect(kinds, verified.body).toEqual(['event', 'seal']);
      if (withPyhanko) {
        const checked = await pyhankoVerdicts(new Uint8Array(file.rawPayload), 'event');
        expect(checked.verdicts, checked.output).toEqual(['VALID', 'VALID']);
      }
    }, 60_000);

    it('a real-name check must pass before the key is certified, and every attempt is evidence', async () => {
      const contract = await start([{ kind: 'person', username: 'student', identity: 'real-name' }]);
      expect(contract.parties[0]).toMatchObject({ identity: 'real-name', identityVerified: false });
      const signer = await browserSigner();
      const early = await call(student, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64(signer.csr),
      });
      expect(early.json().code).toBe('ERR_IDENTITY_REQUIRED');
      const identity = (body: object) =>
        call(student, 'POST', `/api/contracts/${contract.id}/identity`, body);
      // A wrong check character, then another person's name: both refused and both recorded.
      expect((await identity({ name: '示范学生', idNumber: '110105194912310021' })).json().code).toBe(
        'ERR_IDENTITY_NOT_VERIFIED',
      );
      expect((await identity({ name: '张三', idNumber: '11010519491231002X' })).json().code).toBe(
        'ERR_IDENTITY_NOT_VERIFIED',
      );
      const passed = await identity({
        name: '示范学生',
        idNumber: '11010519491231002x',
        phone: '13800138000',
      });
      expect(passed.statusCode, passed.body).toBe(200);
      const detail = passed.json() as ContractDetail;
      expect(detail.parties[0]!.identityVerified).toBe(true);
      const checks = detail.events.filter((e) => e.kind === 'identity-checked').map((e) => e.detail);
      expect(checks).toHaveLength(3);
      expect(checks[2]).toContain('three-element');
      // The ID number is kept masked only.
      expect(JSON.stringify(detail)).not.toContain('11010519491231002X');
      expect(checks[2]).toContain('110***********002X');
      expect((await signAs(student, contract.id, signer)).statusCode).toBe(200);

      // Guessing is bounded: after five checks on one contract the provider is not asked again.
      const guessed = await start([{ kind: 'person', username: 'student', identity: 'real-name' }]);
      const guess = () =>
        call(student, 'POST', `/api/contracts/${guessed.id}/identity`, {
          name: '示范学生',
          idNumber: '110105194912310021',
        });
      for (let i = 0; i < 5; i++) expect((await guess()).json().code).toBe('ERR_IDENTITY_NOT_VERIFIED');
      expect((await guess()).json().code).toBe('ERR_IDENTITY_TRIES_EXHAUSTED');
      const trail = (await call(student, 'GET', `/api/contracts/${guessed.id}`)).json() as ContractDetail;
      expect(trail.events.filter((e) => e.kind === 'identity-checked')).toHaveLength(5);
    });

    it('counter-seals every signed contract in one background job, setting aside one that closed', async () => {
      const signer = await browserSigner();
      const made: ContractDetail[] = [];
      for (let i = 0; i < 5; i++) {
        const contract = await start([
          { kind: 'person', username: 'student' },
          { kind: 'organization', sealId },
        ]);
        expect((await signAs(student, contract.id, signer)).statusCode).toBe(200);
        made.push(contract);
      }
      // The last one's deadline has passed, and the expiry job has not yet marked it.
      await app.db
        .updateTable('contracts')
        .set({ closes_at: new Date(clock.ms - 1000).toISOString() })
        .where('id', '=', made[4]!.id)
        .execute();
      const started = await call(creator, 'POST', '/api/contracts/seal-jobs', { sealId });
      expect(started.statusCode, started.body).toBe(201);
      const { id } = started.json() as SealJob;
      let job = started.json() as SealJob;
      for (let i = 0; i < 200 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        job = (await call(creator, 'GET', `/api/contracts/seal-jobs/${id}`)).json() as SealJob;
      }
      expect(job).toMatchObject({ status: 'done', sealed: 4, failed: 1 });
      expect(job.total).toBeGreaterThanOrEqual(5);
      expect(job.failures[0]).toMatchObject({ contractId: made[4]!.id, code: 'ERR_CONTRACT_CLOSED' });
      for (const c of made.slice(0, 4))
        expect((await call(creator, 'GET', `/api/contracts/${c.id}`)).json().status).toBe('completed');
      expect((await call(teacher, 'GET', `/api/contracts/seal-jobs/${id}`)).statusCode).toBe(404);
    }, 60_000);

    it('refuses a broken file, an unknown person and a seal the initiator may not use, storing nothing', async () => {
      const count = async () =>
        Number(
          (
            await app.db
              .selectFrom('contracts')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const create = async (bytes: Uint8Array, parties: object[]) =>
        call(creator, 'POST', '/api/contracts', {
          title: 't',
          file: { uploadId: await uploadFor(app, creator, 'x.pdf', bytes) },
          order: 'parallel',
          parties,
        });
      const broken = await create(new TextEncoder().encode('%PDF-1.7 not really'), [
        { kind: 'person', username: 'student' },
      ]);
      expect(broken.statusCode, broken.body).toBe(400);
      const nobody = await create(pdf, [{ kind: 'person', username: 'no-such-person' }]);
      expect(nobody.json().code).toBe('ERR_CONTRACT_PARTIES');
      const official = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', '示范大学财务专用章')
        .executeTakeFirstOrThrow();
      const notMine = await create(pdf, [{ kind: 'organization', sealId: official.id }]);
      expect(notMine.statusCode, notMine.body).toBe(403);
      // A signature or a signing date on a page the one-page file does not have could never be made.
      const offPage = await create(pdf, [
        { kind: 'person', username: 'student', signingDateAt: { page: 2, x: 100, y: 100, heightMm: 4 } },
      ]);
      expect(offPage.statusCode, offPage.body).toBe(400);
      expect(offPage.json().details).toEqual(['parties[0]: the file has 1 page(s)']);
      expect(await count()).toBe(before);
    });

    it("an uploaded contract names where a party's signing date goes, and the signature draws it there", async () => {
      const contract = await start([
        {
          kind: 'person',
          username: 'student',
          placement: { kind: 'page', page: 1, x: 150, y: 300 },
          signingDateAt: { page: 1, x: 150, y: 200, heightMm: 4 },
        },
      ]);
      const signed = await signAs(student, contract.id, await browserSigner());
      expect(signed.statusCode, signed.body).toBe(200);
      const bytes = new Uint8Array(
        (await call(student, 'GET', `/api/contracts/${contract.id}/file`)).rawPayload,
      );
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const [field] = doc.getForm().getFields();
      const rect = field!.acroField.getWidgets()[0]!.getRectangle();
      // One widget, from the date's box up to the signature's.
      expect(rect.y).toBeLessThan(200);
      expect(rect.y + rect.height).toBeGreaterThan(300);
      const sig = await pdfsig(bytes, served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(1);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });
    });

    it('tells each party when their turn comes, reminds a day later, and tells everyone copied when it ends', async () => {
      const contract = await start(
        [
          { kind: 'person', username: 'student' },
          { kind: 'organization', sealId },
        ],
        { cc: ['teacher'] },
      );
      expect(contract.cc).toEqual(['示范教师']);
      // The person copied reads it (and only reads it) and finds it in their list.
      expect((await call(teacher, 'GET', `/api/contracts/${contract.id}`)).statusCode).toBe(200);
      const listed = (await call(teacher, 'GET', '/api/contracts')).json() as ContractPage;
      expect(listed.items.map((c) => c.id)).toContain(contract.id);
      expect(
        (await call(teacher, 'POST', `/api/contracts/${contract.id}/decline`, { reason: 'x' })).json().code,
      ).toBe('ERR_CONTRACT_NOT_YOUR_TURN');
      const ids = async () =>
        (
          await app.db
            .selectFrom('contract_events')
            .select('id')
            .where('contract_id', '=', contract.id)
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
      const usernames = async (notices: ContractNotice[]) => {
        const accounts = await app.db.selectFrom('users').select(['id', 'username']).execute();
        const name = new Map(accounts.map((a) => [a.id, a.username]));
        return notices.map((n) => `${name.get(n.userId)}:${n.update ?? 'sign'}`);
      };
      expect(await usernames(await contractNotices(app.db, await ids()))).toEqual(['student:sign']);

      // A day without a signature: one reminder, not two.
      const saved = clock.ms;
      clock.ms += REMIND_AFTER_MS + 60_000;
      const now = () => new Date(clock.ms);
      expect(await remindWaitingSigners({ db: app.db, clock: now })).toBeGreaterThanOrEqual(1);
      const again = await remindWaitingSigners({ db: app.db, clock: now });
      const reminders = (await ids()).length;
      expect(again).toBe(0);
      clock.ms = saved;
      student = await signInDemo(app, demo, 'student');
      creator = await signInDemo(app, demo, 'creator');
      teacher = await signInDemo(app, demo, 'teacher');
      expect(await usernames(await contractNotices(app.db, await ids()))).toEqual([
        'student:sign',
        'student:sign',
      ]);
      expect(reminders).toBeGreaterThan(1);

      expect((await signAs(student, contract.id, await browserSigner())).statusCode).toBe(200);
      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.json().status).toBe('completed');
      const told = await usernames(await contractNotices(app.db, await ids()));
      expect(told).toContain('creator:sign');
      expect(told.filter((t) => t.endsWith(':completed')).sort()).toEqual([
        'creator:completed',
        'student:completed',
        'teacher:completed',
      ]);
    }, 60_000);

    it('a party declines with a reason and the contract ends declined', async () => {
      const contract = await start([{ kind: 'person', username: 'student' }]);
      const res = await call(student, 'POST', `/api/contracts/${contract.id}/decline`, {
        reason: '条款有误',
      });
      expect(res.statusCode, res.body).toBe(200);
      const declined = res.json() as ContractDetail;
      expect(declined.status).toBe('declined');
      expect(declined.parties[0]).toMatchObject({ status: 'declined', declineReason: '条款有误' });
      const again = await call(student, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64((await browserSigner()).csr),
      });
      expect(again.json().code).toBe('ERR_CONTRACT_CLOSED');
    });

    it('a completed contract is voided only when every person party agrees, and verification then says so', async () => {
      // The first test's contract: the student signed, the school sealed.
      const proposed = await call(creator, 'POST', `/api/contracts/${completed.id}/void`, {
        reason: '双方协商解除',
      });
      expect(proposed.statusCode, proposed.body).toBe(200);
      expect(proposed.json()).toMatchObject({
        status: 'completed',
        voidProposal: { reason: '双方协商解除', agreed: [] },
      });
      const file = new Uint8Array(
        (await call(creator, 'GET', `/api/contracts/${completed.id}/file`)).rawPayload,
      );
      const verdict = async () => {
        clock.ms += 61_000;
        const res = await app.inject({
          method: 'POST',
          url: '/api/public/verify',
          headers: { 'content-type': 'application/pdf' },
          payload: Buffer.from(file),
        });
        return res.json() as VerificationResult;
      };
      expect((await verdict()).verdict).toBe('authentic');
      const agreed = await call(student, 'POST', `/api/contracts/${completed.id}/void/agree`);
      expect(agreed.statusCode, agreed.body).toBe(200);
      expect(agreed.json()).toMatchObject({ status: 'voided', voidReason: '双方协商解除' });
      const after = await verdict();
      expect(after.verdict).toBe('revoked');
      expect(after.voidedContract).toMatchObject({ reason: '双方协商解除' });
      expect(after.summary.zh).toContain('作废');
      expect((await call(student, 'POST', `/api/contracts/${completed.id}/void/agree`)).json().code).toBe(
        'ERR_CONTRACT_CLOSED',
      );
    });

    it('the initiator voids with a reason; a party cannot void', async () => {
      const contract = await start([{ kind: 'person', username: 'student' }]);
      const byParty = await call(student, 'POST', `/api/contracts/${contract.id}/void`, { reason: 'x' });
      expect(byParty.statusCode).toBe(403);
      const res = await call(creator, 'POST', `/api/contracts/${contract.id}/void`, {
        reason: '双方协商作废',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'voided', voidReason: '双方协商作废' });
    });

    it('lists a page at a time, newest first, by title words, status and what awaits the caller', async () => {
      const titles = [
        '宿舍租赁协议 Dorm lease',
        '实习协议 Internship 100%',
        '宿舍租赁补充协议 Dorm lease addendum',
      ];
      const made: ContractDetail[] = [];
      for (const title of titles) {
        clock.ms += 1000;
        const uploadId = await uploadFor(app, creator, 'c.pdf', pdf);
        const res = await call(creator, 'POST', '/api/contracts', {
          title,
          file: { uploadId },
          order: 'sequential',
          parties: [{ kind: 'person', username: 'teacher' }],
        });
        made.push(res.json() as ContractDetail);
      }
      const list = async (s: Session, query: string) => {
        const res = await call(s, 'GET', `/api/contracts?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as ContractPage;
      };
      const first = await list(creator, 'limit=2');
      expect(first.items.map((c) => c.title)).toEqual([titles[2], titles[1]]);
      const second = await list(creator, `limit=2&after=${first.next}`);
      expect(second.items[0]?.title).toBe(titles[0]);
      const lease = await list(creator, `q=${encodeURIComponent('dorm LEASE')}`);
      expect(lease.items.map((c) => c.title)).toEqual([titles[2], titles[0]]);
      // A % in the words is a percent sign, not a wildcard.
      expect((await list(creator, `q=${encodeURIComponent('100%')}`)).items.map((c) => c.title)).toEqual([
        titles[1],
      ]);
      const waiting = await list(teacher, 'awaitingMe=true');
      expect(waiting.items.map((c) => c.id)).toEqual(made.map((c) => c.id).reverse());
      await call(teacher, 'POST', `/api/contracts/${made[0]!.id}/decline`, { reason: '不签' });
      expect((await list(teacher, 'awaitingMe=true')).items).toHaveLength(2);
      expect((await list(teacher, 'status=declined')).items.map((c) => c.id)).toEqual([made[0]!.id]);
      expect((await call(creator, 'GET', '/api/contracts?after=nonsense')).json().code).toBe(
        'ERR_VALIDATION',
      );
    });

    it('a contract past its deadline expires and refuses signatures', async () => {
      const contract = await start([{ kind: 'person', username: 'student' }], { deadline: '2026-09-30' });
      clock.ms = Date.parse('2026-09-30T16:00:00.000Z'); // 2026-10-01 00:00 in Asia/Shanghai
      student = await signInDemo(app, demo, 'student');
      const late = await call(student, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64((await browserSigner()).csr),
      });
      expect(late.json().code).toBe('ERR_CONTRACT_CLOSED');
      expect(await expireContracts({ db: app.db, clock: () => new Date(clock.ms) })).toBeGreaterThanOrEqual(
        1,
      );
      const res = (await call(student, 'GET', `/api/contracts/${contract.id}`)).json() as ContractDetail;
      expect(res.status).toBe('expired');
      expect(res.events.at(-1)?.kind).toBe('expired');
    });
  });
}
