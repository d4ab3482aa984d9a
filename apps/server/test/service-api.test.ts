// The service API (签章服务中间件) end to end, on SQLite and PostgreSQL: the seal office creates a
// scoped account, a security admin approves it, and its key stamps, batch-stamps (the OA script, at a
// small count, against the listening server), issues a credential, verifies and reads its ledger;
// the ledger and the audit log name the account. Permission tests: a key cannot leave its scope
// (seal, operation, credential type, IP), reach a console route or run past its rate; a session
// cannot reach a service route; a pending, suspended or re-keyed-away key is refused.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceAccount, ServiceAccountWithKey, VerificationResult } from '@openseal/contract';
import type { InjectOptions } from 'fastify';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/modules/auth/totp.ts';
import {
  type CredentialFixture,
  credentialFixture,
  pdfsig,
  servedTestPki,
} from './credential-test-support.ts';
import { TEST_DATABASES } from './databases.ts';
import {
  as,
  type Session,
  signInDemo,
  storeTestTotp,
  TEST_TOTP_SECRET,
  userIdOf,
} from './identity-fixture.ts';
import type { TestPki } from './test-pki.ts';

let testPki: TestPki & { close(): Promise<void> };
let letter: Uint8Array;
beforeAll(async () => {
  testPki = await servedTestPki('service-api');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc
    .addPage([595, 842])
    .drawText('Notice of admission. Seal here: APPROVED', { x: 72, y: 700, size: 14, font });
  letter = await doc.save({ useObjectStreams: false });
});
afterAll(() => testPki?.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function stamp(sealId: string, key: string, query = 'placement=page&page=1&x=300&y=300'): InjectOptions {
  return {
    method: 'POST',
    url: `/api/service/v1/seals/${sealId}/stamp?documentType=official-letter&purpose=OA&${query}`,
    headers: { ...bearer(key), 'content-type': 'application/pdf' },
    payload: Buffer.from(letter),
  };
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`service API on ${kind.name}`, () => {
    let f: CredentialFixture;
    let office: Session;
    let secadmin: Session;
    let gradeSeal: string;
    let schoolSeal: string;
    let oa: ServiceAccountWithKey;
    let baseUrl: string;

    const create = async (name: string, scope: Record<string, unknown> = {}) => {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/service-accounts',
        ...as(office),
        payload: {
          name,
          displayName: `${name} 系统`,
          unitId: f.demo.units.academicAffairs,
          sealIds: [gradeSeal],
          typeCodes: ['major-transcript-zh'],
          operations: ['stamp', 'batch-stamp', 'issue-credential', 'verify', 'read-ledger'],
          ipAllow: [],
          ratePerMinute: 100_000,
          ...scope,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as ServiceAccountWithKey;
    };
    const decide = async (id: string, decision: 'approve' | 'reject', who = secadmin) =>
      f.app.inject({ method: 'POST', url: `/api/service-accounts/${id}/${decision}`, ...as(who) });
    const approved = async (name: string, scope: Record<string, unknown> = {}) => {
      const account = await create(name, scope);
      expect((await decide(account.account.id, 'approve')).statusCode).toBe(200);
      return account;
    };

    beforeAll(async () => {
      f = await credentialFixture(kind, testPki);
      const sealId = async (name: string) =>
        (await f.app.db.selectFrom('seals').select('id').where('name', '=', name).executeTakeFirstOrThrow())
          .id;
      gradeSeal = await sealId('示范大学教务处成绩专用章');
      schoolSeal = await sealId('示范大学');
      office = await f.login('sealadmin');
      await storeTestTotp(f.app.db, f.app.secrets, ['secadmin']);
      secadmin = await signInDemo(
        f.app,
        f.demo,
        'secadmin',
        totpCode(TEST_TOTP_SECRET, new Date(f.clock.ms)),
      );
      await f.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
    });
    afterAll(() => f?.close());

    it('creates a pending account whose key is shown once and refused until a security admin approves', async () => {
      oa = await create('oa');
      expect(oa.key).toMatch(/^osk_/);
      expect(oa.account).toMatchObject({ username: 'svc:oa', displayName: 'oa 系统', status: 'pending' });
      expect(oa.key.startsWith(oa.account.keyPrefix)).toBe(true);
      const stored = await f.app.db
        .selectFrom('service_accounts')
        .selectAll()
        .where('id', '=', oa.account.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(oa.key);
      const list = await f.app.inject({ method: 'GET', url: '/api/service-accounts', ...as(office) });
      expect(JSON.stringify(list.json())).not.toContain(oa.key);

      const pending = await f.app.inject(stamp(gradeSeal, oa.key));
      expect(pending.statusCode).toBe(403);
      expect(pending.json()).toMatchObject({ code: 'ERR_SERVICE_ACCOUNT_INACTIVE' });
      expect(pending.json().messageZh).toContain('服务账号');

      // The seal office cannot approve its own request; the security admin can.
      expect((await decide(oa.account.id, 'approve', office)).json().code).toBe('ERR_FORBIDDEN');
      const queue = await f.app.inject({
        method: 'GET',
        url: '/api/service-accounts/pending',
        ...as(secadmin),
      });
      expect((queue.json() as ServiceAccount[]).map((a) => a.id)).toContain(oa.account.id);
      const approval = await decide(oa.account.id, 'approve');
      expect(approval.json()).toMatchObject({ status: 'active', decidedBy: 'secadmin' });
      expect((await decide(oa.account.id, 'approve')).json().code).toBe('ERR_SERVICE_ACCOUNT_STATE');
    });

    it('refuses a scope naming a seal outside the account unit, and a bad network', async () => {
      const outside = await f.app.inject({
        method: 'POST',
        url: '/api/service-accounts',
        ...as(office),
        payload: {
          name: 'outside',
          displayName: 'x',
          unitId: f.demo.units.academicAffairs,
          sealIds: [schoolSeal],
          typeCodes: [],
          operations: ['stamp'],
          ipAllow: [],
          ratePerMinute: 10,
        },
      });
      expect(outside.json().code).toBe('ERR_SERVICE_ACCOUNT_SEAL_OUTSIDE');
      const badNet = await f.app.inject({
        method: 'POST',
        url: '/api/service-accounts',
        ...as(office),
        payload: {
          name: 'badnet',
          displayName: 'x',
          unitId: f.demo.units.academicAffairs,
          sealIds: [],
          typeCodes: [],
          operations: ['stamp'],
          ipAllow: ['10.0.0.0/33'],
          ratePerMinute: 10,
        },
      });
      expect(badNet.json()).toMatchObject({ code: 'ERR_VALIDATION', details: ['ipAllow: 10.0.0.0/33'] });

      // The school's seal office keeps the school's accounts; the academic affairs' seal admin cannot touch them.
      const schoolOffice = await f.login('sealoffice');
      const school = await f.app.inject({
        method: 'POST',
        url: '/api/service-accounts',
        ...as(schoolOffice),
        payload: {
          name: 'school-oa',
          displayName: '校 OA',
          unitId: f.demo.units.school,
          sealIds: [schoolSeal],
          typeCodes: [],
          operations: ['stamp'],
          ipAllow: [],
          ratePerMinute: 10,
        },
      });
      expect(school.statusCode, school.body).toBe(201);
      const id = school.json().account.id;
      const suspend = await f.app.inject({
        method: 'POST',
        url: `/api/service-accounts/${id}/suspend`,
        ...as(office),
      });
      expect(suspend.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const listed = await f.app.inject({ method: 'GET', url: '/api/service-accounts', ...as(office) });
      expect(listed.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const own = await f.app.inject({
        method: 'GET',
        url: `/api/service-accounts?unitId=${f.demo.units.academicAffairs}`,
        ...as(office),
      });
      expect((own.json() as ServiceAccount[]).map((a) => a.username)).not.toContain('svc:school-oa');
    });

    it('stamps one PDF through the seal step as the account: pdfsig accepts it; ledger and audit name svc:oa', async () => {
      const res = await f.app.inject(stamp(gradeSeal, oa.key));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      const sig = await pdfsig(pdf, testPki.pki.root.certificate.toPem());
      expect(sig.signatures).toHaveLength(1);
      expect(sig.signatures[0]).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });

      const ledger = await f.app.db
        .selectFrom('sealed_documents')
        .selectAll()
        .where('id', '=', String(res.headers['x-ledger-id']))
        .executeTakeFirstOrThrow();
      expect(ledger).toMatchObject({
        actor: 'svc:oa',
        seal_id: gradeSeal,
        sha256: res.headers['x-document-sha256'],
      });
      const audit = await f.app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'seal.use')
        .where('object', '=', `seal:${gradeSeal}/document:${ledger.id}`)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: 'svc:oa', outcome: 'success' });
      // The seal's trajectory (its audit entries) and the ledger report, as the seal office reads them.
      const trajectory = await f.app.inject({
        method: 'GET',
        url: `/api/seals/${gradeSeal}/trajectory`,
        ...as(office),
      });
      expect(trajectory.json()).toContainEqual(
        expect.objectContaining({ action: 'seal.use', actor: 'svc:oa' }),
      );
      const report = await f.app.inject({
        method: 'GET',
        url: `/api/reports/sealed.csv?unitId=${f.demo.units.academicAffairs}&from=2026-09-01&to=2026-09-01`,
        ...as(office),
      });
      expect(report.statusCode, report.body).toBe(200);
      expect(report.body).toContain('oa 系统 (svc:oa)');

      const keyword = await f.app.inject(stamp(gradeSeal, oa.key, 'placement=keyword&keyword=APPROVED'));
      expect(keyword.statusCode, keyword.body).toBe(200);
    });

    it('refuses a seal, an operation and a credential type outside the scope (403, zh/en), audited', async () => {
      const seal = await f.app.inject(stamp(schoolSeal, oa.key));
      expect(seal.statusCode).toBe(403);
      expect(seal.json()).toMatchObject({ code: 'ERR_SERVICE_SCOPE_SEAL' });
      expect(seal.json().messageZh).toContain('印章');

      const stampOnly = await approved('stamp-only', { operations: ['stamp'] });
      const verify = await f.app.inject({
        method: 'POST',
        url: '/api/service/v1/verify',
        headers: { ...bearer(stampOnly.key), 'content-type': 'application/pdf' },
        payload: Buffer.from(letter),
      });
      expect(verify.statusCode).toBe(403);
      expect(verify.json().code).toBe('ERR_SERVICE_SCOPE_OPERATION');
      const denied = await f.app.db
        .selectFrom('audit_log')
        .select(['actor', 'outcome'])
        .where('action', '=', 'service.call')
        .where('actor', '=', 'svc:stamp-only')
        .execute();
      expect(denied).toEqual([{ actor: 'svc:stamp-only', outcome: 'denied' }]);

      const type = await f.app.inject({
        method: 'POST',
        url: '/api/service/v1/credentials',
        headers: bearer(oa.key),
        payload: { typeCode: 'minor-transcript-zh', subject: 'student' },
      });
      expect(type.json().code).toBe('ERR_SERVICE_SCOPE_TYPE');
    });

    it('never lets a key reach a console route, nor a session a service route', async () => {
      for (const req of [
        { method: 'GET', url: '/api/seals' },
        { method: 'GET', url: '/api/service-accounts' },
        { method: 'GET', url: '/api/audit' },
        {
          method: 'POST',
          url: `/api/seals/${gradeSeal}/use?documentType=official-letter&purpose=x&placement=cross-page`,
        },
      ] as const) {
        const res = await f.app.inject({ ...req, headers: bearer(oa.key) });
        expect(res.statusCode, `${req.method} ${req.url}`).toBe(401);
        expect(res.json().code).toBe('ERR_UNAUTHENTICATED');
      }
      const creator = await f.login('creator');
      const res = await f.app.inject({ ...stamp(gradeSeal, 'none'), headers: { ...as(creator).headers } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('ERR_SERVICE_KEY_REQUIRED');
      const ledger = await f.app.inject({ method: 'GET', url: '/api/service/v1/ledger', ...as(office) });
      expect(ledger.json().code).toBe('ERR_SERVICE_KEY_REQUIRED');
    });

    it('takes calls only from the allow list and only up to the rate, with Retry-After', async () => {
      const fenced = await approved('fenced', { ipAllow: ['10.20.0.0/16', '2001:db8::/32'] });
      const outside = await f.app.inject(stamp(gradeSeal, fenced.key));
      expect(outside.statusCode).toBe(403);
      expect(outside.json().code).toBe('ERR_SERVICE_IP_NOT_ALLOWED');
      const inside = await f.app.inject({ ...stamp(gradeSeal, fenced.key), remoteAddress: '10.20.3.4' });
      expect(inside.statusCode, inside.body).toBe(200);

      const slow = await approved('slow', { ratePerMinute: 2 });
      const ledger = { method: 'GET' as const, url: '/api/service/v1/ledger', headers: bearer(slow.key) };
      expect((await f.app.inject(ledger)).statusCode).toBe(200);
      expect((await f.app.inject(ledger)).statusCode).toBe(200);
      const over = await f.app.inject(ledger);
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('ERR_SERVICE_RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('batch-stamps through the OA script: every output verifies, pdfsig accepts, an event marks the end', async () => {
      // The script as an operator runs it: its own process, over HTTP, printing its figures as JSON.
      const rootPem = join(testPki.dir, 'oa-root.pem');
      writeFileSync(rootPem, testPki.pki.root.certificate.toPem());
      const script = fileURLToPath(new URL('../../../scripts/oa-batch-stamp.ts', import.meta.url));
      const args = ['--import', 'tsx', script, '--base-url', baseUrl, '--key', oa.key, '--seal', gradeSeal];
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          [...args, '--count', '20', '--root-pem', rootPem, '--pdfsig-sample', '5'],
          { encoding: 'utf8' },
          (e, stdout, stderr) => (stdout ? resolve(stdout) : reject(e ?? new Error(stderr))),
        ),
      );
      const report = JSON.parse(out);
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({
        files: 20,
        sealed: 20,
        failed: 0,
        verified: 20,
        pdfsigChecked: 5,
        pdfsigValid: 5,
      });
      // Two single stamps before, twenty now.
      expect(report.ledgerRows).toBe(22);
      const events = await f.app.db
        .selectFrom('integration_events')
        .select('data')
        .where('type', '=', 'batch.completed')
        .execute();
      expect(events.map((e) => JSON.parse(e.data))).toEqual([
        {
          batchId: report.batchId,
          serviceAccount: 'svc:oa',
          sealId: gradeSeal,
          files: 20,
          sealed: 20,
          failed: 0,
        },
      ]);
      const zip = await f.app.inject({
        method: 'GET',
        url: `/api/service/v1/batches/${report.batchId}/result`,
        headers: bearer(oa.key),
      });
      expect(zip.statusCode).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      const { default: JSZip } = await import('jszip');
      const entries = Object.keys((await JSZip.loadAsync(zip.rawPayload)).files);
      expect(entries.filter((e) => e.endsWith('.pdf'))).toHaveLength(20);
      expect(entries).toContain('results.csv');
      // Another account does not see the batch.
      const other = await approved('other');
      const peek = await f.app.inject({
        method: 'GET',
        url: `/api/service/v1/batches/${report.batchId}`,
        headers: bearer(other.key),
      });
      expect(peek.statusCode).toBe(404);
    }, 120_000);

    it('issues a credential of a type in scope and verifies it', async () => {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/service/v1/credentials',
        headers: bearer(oa.key),
        payload: { typeCode: 'major-transcript-zh', subject: 'student' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const credential = res.json();
      const issued = await f.app.db
        .selectFrom('credentials')
        .select(['sha256', 'issued_by'])
        .where('id', '=', credential.id)
        .executeTakeFirstOrThrow();
      expect(issued.issued_by).toBe(await userIdOf(f.app.db, 'svc:oa'));
      const pdf = await f.app.credentials.files.get(issued.sha256);
      const verify = await f.app.inject({
        method: 'POST',
        url: '/api/service/v1/verify',
        headers: { ...bearer(oa.key), 'content-type': 'application/pdf' },
        payload: Buffer.from(pdf),
      });
      expect(verify.statusCode, verify.body).toBe(200);
      expect((verify.json() as VerificationResult).verdict).toBe('authentic');
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select('actor')
        .where('action', '=', 'credential.issue')
        .where('object', '=', `credential:${credential.id}`)
        .executeTakeFirstOrThrow();
      expect(audit.actor).toBe('svc:oa');
    }, 60_000);

    it('reads its own ledger page by page', async () => {
      const first = await f.app.inject({
        method: 'GET',
        url: '/api/service/v1/ledger?limit=10',
        headers: bearer(oa.key),
      });
      const page = first.json();
      expect(page.items).toHaveLength(10);
      const ids = new Set<string>(page.items.map((i: { id: string }) => i.id));
      let after: string | null = page.next;
      while (after) {
        const next = await f.app.inject({
          method: 'GET',
          url: `/api/service/v1/ledger?limit=10&after=${after}`,
          headers: bearer(oa.key),
        });
        for (const i of next.json().items) ids.add(i.id);
        after = next.json().next;
      }
      const rows = await f.app.db
        .selectFrom('sealed_documents')
        .select('id')
        .where('actor', '=', 'svc:oa')
        .execute();
      expect(ids.size).toBe(rows.length);
    });

    it('suspends, rotates and revokes: the old key stops at once, a resumed account waits for approval', async () => {
      const acct = await approved('rotating');
      const ledger = (key: string) =>
        f.app.inject({ method: 'GET', url: '/api/service/v1/ledger', headers: bearer(key) });
      const rotated = await f.app.inject({
        method: 'POST',
        url: `/api/service-accounts/${acct.account.id}/rotate`,
        ...as(office),
      });
      const fresh = rotated.json() as ServiceAccountWithKey;
      expect(fresh.key).not.toBe(acct.key);
      expect((await ledger(acct.key)).json().code).toBe('ERR_SERVICE_KEY_REQUIRED');
      expect((await ledger(fresh.key)).statusCode).toBe(200);

      const change = (action: string, who = office) =>
        f.app.inject({
          method: 'POST',
          url: `/api/service-accounts/${acct.account.id}/${action}`,
          ...as(who),
        });
      expect((await change('suspend')).json().status).toBe('suspended');
      expect((await ledger(fresh.key)).json().code).toBe('ERR_SERVICE_ACCOUNT_INACTIVE');
      expect((await change('resume')).json().status).toBe('pending');
      expect((await ledger(fresh.key)).json().code).toBe('ERR_SERVICE_ACCOUNT_INACTIVE');
      expect((await decide(acct.account.id, 'approve')).json().status).toBe('active');
      expect((await ledger(fresh.key)).statusCode).toBe(200);
      expect((await change('revoke')).json().status).toBe('revoked');
      expect((await ledger(fresh.key)).json().code).toBe('ERR_SERVICE_ACCOUNT_INACTIVE');

      const actions = await f.app.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('object', 'like', `service_account:${acct.account.id}/%`)
        .where('action', 'like', 'service_account.%')
        .orderBy('seq')
        .execute();
      expect(actions).toEqual([
        { action: 'service_account.create', actor: 'sealadmin' },
        { action: 'service_account.approve', actor: 'secadmin' },
        { action: 'service_account.rotate', actor: 'sealadmin' },
        { action: 'service_account.suspend', actor: 'sealadmin' },
        { action: 'service_account.resume', actor: 'sealadmin' },
        { action: 'service_account.approve', actor: 'secadmin' },
        { action: 'service_account.revoke', actor: 'sealadmin' },
      ]);
    });

    it('keeps the service account from signing in to the console', async () => {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'svc:oa', password: oa.key },
      });
      expect(res.statusCode).toBe(401);
    });
  });
}
