// The security auditor's console tools: the chain check `openseal audit verify` runs, through the
// API, and the reviewed entries as CSV.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditVerifyResult } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signIn, storeTestTotp, TEST_TOTP_SECRET } from './identity-fixture.ts';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`audit console routes on ${kind.name}`, () => {
    // Its own data directory: the checkpoints the check reads are this log's alone.
    let dataDir: string;
    let db: TestDatabase;
    let app: FastifyInstance;
    let auditor: Session;
    let sec: Session;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-audit-console-'));
      db = await kind.create();
      app = await buildApp({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        database: db.config,
        logLevel: 'silent',
        kek: randomBytes(32),
      });
      const demo: DemoSchool = await seedDemoSchool(app.db, new Date());
      await storeTestTotp(app.db, app.secrets, ['secadmin', 'auditor']);
      const code = totpCode(TEST_TOTP_SECRET, new Date());
      const password = (u: string) => demo.accounts.find((a) => a.username === u)?.password;
      sec = await signIn(app, 'secadmin', password('secadmin'), code);
      auditor = await signIn(app, 'auditor', password('auditor'), code);
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('exports the entries the auditor reviews as CSV that Excel reads, and records the export', async () => {
      // A sign-in name typed to look like a formula reaches the log through a failed sign-in.
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: '=cmd|calc', password: 'nope-nope-nope' },
      });
      const res = await app.inject({ method: 'GET', url: '/api/audit/export', ...as(auditor) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="openseal-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const text = res.rawPayload.toString('utf8');
      expect(
        text.startsWith('\uFEFFseq,time,actor,role,org,action,object,outcome,requestId,prevHash,hash\r\n'),
      ).toBe(true);
      const lines = text.trim().split('\r\n').slice(1);
      const listed = (
        await app.inject({ method: 'GET', url: '/api/audit?limit=500', ...as(auditor) })
      ).json();
      expect(lines).toHaveLength(listed.length);
      expect(lines.every((l) => /,(system_admin|security_admin),/.test(l))).toBe(true);
      expect(text).not.toMatch(/(^|,)=cmd/m);
      const exported = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'audit.export')
        .execute();
      expect(exported).toMatchObject([{ actor: 'auditor', role: 'security_auditor', outcome: 'success' }]);
    });

    it('runs the chain check for the auditor only, and names the first altered entry', async () => {
      const refused = await app.inject({ method: 'GET', url: '/api/audit/verify', ...as(sec) });
      expect(refused.json().code).toBe('ERR_FORBIDDEN');
      const intact = await app.inject({ method: 'GET', url: '/api/audit/verify', ...as(auditor) });
      expect(intact.statusCode, intact.body).toBe(200);
      const ok = intact.json() as AuditVerifyResult;
      expect(ok).toMatchObject({ ok: true, keyed: true });
      expect(ok.entries).toBeGreaterThanOrEqual(3);

      // A database user rewrites an entry: the same check the CLI runs finds it.
      await app.db
        .updateTable('audit_log')
        .set({ action: 'nothing.happened' })
        .where('seq', '=', 3)
        .execute();
      const broken = (
        await app.inject({ method: 'GET', url: '/api/audit/verify', ...as(auditor) })
      ).json() as AuditVerifyResult;
      expect(broken).toMatchObject({ ok: false, firstBroken: { seq: 3, kind: 'altered' } });
    });
  });
}
