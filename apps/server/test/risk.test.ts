import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { evaluateRejectionRisk } from '../src/modules/approvals/rejection-risk.ts';
import { countRecentRejections } from '../src/modules/approvals/request-reads.ts';
import { checkCertificateExpiry } from '../src/modules/risk/certificate-expiry.ts';
import { evaluateFileMismatch } from '../src/modules/risk/file-mismatch.ts';
import { evaluateQuotaRisk } from '../src/modules/risk/quota.ts';
import { recordRiskFindings } from '../src/modules/risk/risk-alerts.ts';
import type { RiskFinding } from '../src/modules/risk/risk-finding.ts';
import { evaluateUseRisk, type UseRiskInput } from '../src/modules/sealing/use-risk.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

let pkiDir: string;
let pki: Pki;
beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'openseal-risk-'));
  await initPki({
    dir: pkiDir,
    passphrase: 'risk-test',
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  pki = await loadPki(pkiDir, 'risk-test');
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

/** Tuesday 2026-09-01, 10:00 in Shanghai: inside working hours. */
const WORKING = new Date('2026-09-01T02:00:00.000Z');
const clock = () => WORKING;

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`risk rules on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: Kysely<Database>;
    let demo: DemoSchool;
    let creatorId: string;
    let studentId: string;
    let n = 0;

    async function newSeal(ownerUnitId: string, certificate: Uint8Array | null = null): Promise<string> {
      const id = `seal-${++n}`;
      await db
        .insertInto('seals')
        .values({
          id,
          name: id,
          type: 'business',
          owner_unit_id: ownerUnitId,
          status: 'active',
          custodian_user_id: null,
          physical: certificate ? 0 : 1,
          seal_spec: JSON.stringify({ kind: 'round', orgName: '示范大学' }),
          certificate,
          certificate_serial: null,
          key_envelope: null,
          created_at: WORKING.toISOString(),
        })
        .execute();
      return id;
    }

    async function priorUse(sealId: string, userId: string, at: Date): Promise<void> {
      await db
        .insertInto('sealed_documents')
        .values({
          id: `doc-${++n}`,
          sha256: 'a'.repeat(64),
          seal_id: sealId,
          actor: 'x',
          purpose: 'test',
          document_type: 'transcript',
          user_id: userId,
          unit_id: demo.units.academicAffairs,
          grant_id: null,
          created_at: at.toISOString(),
        })
        .execute();
    }

    const input = (over: Partial<UseRiskInput>): UseRiskInput => ({
      sealId: 'none',
      userId: creatorId,
      unitId: demo.units.academicAffairs,
      sealOwnerUnitId: demo.units.academicAffairs,
      documentType: 'transcript',
      text: '成绩证明',
      now: WORKING,
      stage: 'approval',
      ...over,
    });

    async function setRule(id: string, enabled: boolean, action: 'alert' | 'block', params: object) {
      await db.deleteFrom('risk_rules').where('id', '=', id).execute();
      await db
        .insertInto('risk_rules')
        .values({ id, enabled: enabled ? 1 : 0, action, params: JSON.stringify(params), updated_at: '' })
        .execute();
    }

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
      demo = await seedDemoSchool(db, WORKING);
      const id = async (username: string) =>
        (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
          .id;
      creatorId = await id('creator');
      studentId = await id('student');
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });
    beforeEach(async () => {
      await db.deleteFrom('risk_rules').execute();
      await db.deleteFrom('risk_sensitive_words').execute();
      await db.deleteFrom('risk_holidays').execute();
    });

    it('finds nothing for an ordinary use with the default rules', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      expect(await evaluateUseRisk(db, input({ sealId }))).toEqual([]);
    });

    it('finds the admin list’s sensitive words at both stages, split over lines too', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      await db
        .insertInto('risk_sensitive_words')
        .values([
          { id: 'w1', word: '内部资料', created_at: '2026-01-01T00:00:00.000Z', created_by: 'secadmin' },
          { id: 'w2', word: 'Confidential', created_at: '2026-01-02T00:00:00.000Z', created_by: 'secadmin' },
        ])
        .execute();
      for (const stage of ['approval', 'stamping'] as const) {
        const found = await evaluateUseRisk(
          db,
          input({ sealId, stage, text: '本件为内部\n资料 CONFIDENTIAL' }),
        );
        expect(found).toEqual([
          {
            rule: 'sensitive-words',
            action: 'alert',
            severity: 'high',
            details: { words: ['内部资料', 'Confidential'], stage, documentType: 'transcript' },
          },
        ]);
      }
      expect(await evaluateUseRisk(db, input({ sealId, text: null }))).toEqual([]);
      await setRule('sensitive-words', true, 'block', {});
      const blocked = await evaluateUseRisk(db, input({ sealId, text: '内部资料' }));
      expect(blocked.map((f) => f.action)).toEqual(['block']);
    });

    it('uses the holiday table and make-up workdays (调休) in the rule time zone', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      await db
        .insertInto('risk_holidays')
        .values([
          { date: '2026-10-01', name: '国庆节', workday: 0 },
          { date: '2026-09-26', name: '国庆节调休', workday: 1 },
        ])
        .execute();
      // 2026-10-01 10:00 Shanghai: a Thursday, but a holiday.
      const holiday = await evaluateUseRisk(db, input({ sealId, now: new Date('2026-10-01T02:00:00Z') }));
      expect(holiday.map((f) => [f.rule, f.details['reason'], f.details['holiday']])).toEqual([
        ['off-hours', 'holiday', '国庆节'],
      ]);
      // Saturday 2026-09-26 10:00 Shanghai is a make-up workday; the next Saturday is not.
      expect(await evaluateUseRisk(db, input({ sealId, now: new Date('2026-09-26T02:00:00Z') }))).toEqual([]);
      const saturday = await evaluateUseRisk(db, input({ sealId, now: new Date('2026-10-03T02:00:00Z') }));
      expect(saturday.map((f) => f.details['reason'])).toEqual(['rest-day']);
      // 2026-09-30T16:30Z is already 00:30 on the holiday in Shanghai.
      const night = await evaluateUseRisk(db, input({ sealId, now: new Date('2026-09-30T16:30:00Z') }));
      expect(night.map((f) => [f.details['reason'], f.details['localDate']])).toEqual([
        ['holiday', '2026-10-01'],
      ]);
      await setRule('off-hours', true, 'alert', {
        timezone: 'UTC',
        workdays: [1, 2, 3, 4, 5, 6, 7],
        start: '00:00',
        end: '24:00',
      });
      // In UTC it is still 2026-09-30, an ordinary day.
      expect(await evaluateUseRisk(db, input({ sealId, now: new Date('2026-09-30T16:30:00Z') }))).toEqual([]);
    });

    it('judges off-hours in the school time zone until the security admin names another', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      // 2026-10-05T01:30Z: Monday 09:30 in Beijing, Sunday 21:30 in Chicago.
      const monday = new Date('2026-10-05T01:30:00Z');
      expect(await evaluateUseRisk(db, input({ sealId, now: monday }))).toEqual([]);
      const chicago = await evaluateUseRisk(db, input({ sealId, now: monday, timeZone: 'America/Chicago' }));
      expect(chicago.map((f) => [f.rule, f.details['timezone'], f.details['localDate']])).toEqual([
        ['off-hours', 'America/Chicago', '2026-10-04'],
      ]);
    });

    it('counts a burst per user and per seal, the current use included, within (now - M, now]', async () => {
      await setRule('burst', true, 'alert', {
        perUser: { count: 3, minutes: 10 },
        perSeal: { count: 4, minutes: 60 },
      });
      const sealId = await newSeal(demo.units.academicAffairs);
      const other = await newSeal(demo.units.academicAffairs);
      const minutesAgo = (m: number) => new Date(WORKING.getTime() - m * 60_000);
      // Exactly 10 minutes ago is outside the user window; a use after `now` is not counted.
      await priorUse(other, creatorId, minutesAgo(10));
      await priorUse(other, creatorId, new Date(WORKING.getTime() + 1));
      await priorUse(other, creatorId, minutesAgo(5));
      expect(await evaluateUseRisk(db, input({ sealId }))).toEqual([]); // 2nd use: N-1
      await priorUse(other, creatorId, minutesAgo(9.99));
      const third = await evaluateUseRisk(db, input({ sealId }));
      expect(third.map((f) => f.details)).toEqual([
        { scope: 'user', uses: 3, limit: 3, minutes: 10, stage: 'approval', documentType: 'transcript' },
      ]);
      // Per seal: three earlier uses by others in the hour, the current one is the fourth.
      for (const m of [1, 30, 59]) await priorUse(sealId, studentId, minutesAgo(m));
      await priorUse(sealId, studentId, minutesAgo(60));
      const bySeal = await evaluateUseRisk(db, input({ sealId, userId: studentId }));
      // The student's own uses: one in the last 10 minutes, so only the seal's window fires.
      expect(bySeal.map((f) => [f.details['scope'], f.details['uses']])).toEqual([['seal', 4]]);

      // A burst raises one alert per window, or per request: each further use is in the audit log only.
      const again = (await evaluateUseRisk(db, input({ sealId }))).filter(
        (f) => f.details['scope'] === 'user',
      );
      expect(again.map((f) => f.dedupeKey)).toEqual(third.map((f) => f.dedupeKey));
      const ctx = { actor: { actor: 'creator' }, sealId, userId: creatorId };
      expect(await recordRiskFindings(db, third, ctx, clock)).toHaveLength(1);
      expect(await recordRiskFindings(db, again, ctx, clock)).toHaveLength(0);
      const inRequest = await evaluateUseRisk(db, input({ sealId, requestId: 'req-burst' }));
      expect(inRequest[0]?.dedupeKey).toBe('request:req-burst:user');
    });

    it('flags a user outside the seal owner unit’s line', async () => {
      const owned = await newSeal(demo.units.academicAffairs);
      const schoolSeal = await newSeal(demo.units.school);
      const cross = await evaluateUseRisk(db, input({ sealId: owned, unitId: demo.units.csCollege }));
      expect(cross).toEqual([
        {
          rule: 'cross-unit',
          action: 'alert',
          severity: 'medium',
          details: {
            userUnitId: demo.units.csCollege,
            sealOwnerUnitId: demo.units.academicAffairs,
            stage: 'approval',
            documentType: 'transcript',
          },
        },
      ]);
      expect(
        await evaluateUseRisk(db, input({ sealId: schoolSeal, sealOwnerUnitId: demo.units.school })),
      ).toEqual([]);
    });

    it('runs no disabled rule', async () => {
      for (const id of ['sensitive-words', 'off-hours', 'cross-unit'])
        await setRule(
          id,
          false,
          'block',
          id === 'off-hours' ? { timezone: 'UTC', workdays: [], start: '08:00', end: '18:00' } : {},
        );
      await setRule('burst', false, 'block', {
        perUser: { count: 1, minutes: 10 },
        perSeal: { count: 1, minutes: 10 },
      });
      await db
        .insertInto('risk_sensitive_words')
        .values({ id: 'w', word: '成绩', created_at: '', created_by: null })
        .execute();
      const sealId = await newSeal(demo.units.academicAffairs);
      const found = await evaluateUseRisk(
        db,
        input({ sealId, unitId: demo.units.csCollege, now: new Date('2026-09-05T20:00:00Z') }),
      );
      expect(found).toEqual([]);
    });

    it('records findings as alerts with risk.alert audit entries, in the caller’s transaction', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      const findings: RiskFinding[] = [
        { rule: 'sensitive-words', action: 'block', severity: 'high', details: { words: ['机密'] } },
        { rule: 'off-hours', action: 'alert', severity: 'medium', details: { reason: 'holiday' } },
      ];
      const ctx = {
        actor: {
          actor: 'creator',
          role: 'business_creator',
          org: demo.units.academicAffairs,
          requestId: 'req-1',
        },
        sealId,
        userId: creatorId,
        requestId: 'use-request-1',
        documentSha256: 'c'.repeat(64),
      };
      // A transaction that fails takes its alerts and audit entries with it.
      await expect(
        db.transaction().execute(async (trx) => {
          await recordRiskFindings(trx, findings, ctx, clock);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await db.selectFrom('risk_alerts').selectAll().where('seal_id', '=', sealId).execute()).toEqual(
        [],
      );

      const written = await db.transaction().execute((trx) => recordRiskFindings(trx, findings, ctx, clock));
      expect(written).toHaveLength(2);
      const rows = await db
        .selectFrom('risk_alerts')
        .selectAll()
        .where('seal_id', '=', sealId)
        .orderBy('severity')
        .execute();
      expect(
        rows.map((r) => [r.rule, r.severity, r.status, r.user_id, r.request_id, r.document_sha256]),
      ).toEqual([
        ['sensitive-words', 'high', 'open', creatorId, 'use-request-1', 'c'.repeat(64)],
        ['off-hours', 'medium', 'open', creatorId, 'use-request-1', 'c'.repeat(64)],
      ]);
      expect(JSON.parse(rows[0]?.details ?? '')).toEqual({ words: ['机密'], action: 'block' });
      expect(rows[0]?.created_at).toBe(WORKING.toISOString());
      const audits = await db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'role', 'object', 'outcome', 'request_id'])
        .where('action', '=', 'risk.alert')
        .where('object', '=', `seal:${sealId}`)
        .orderBy('seq')
        .execute();
      expect(audits).toEqual([
        {
          action: 'risk.alert',
          actor: 'creator',
          role: 'business_creator',
          object: `seal:${sealId}`,
          outcome: 'denied',
          request_id: 'req-1',
        },
        {
          action: 'risk.alert',
          actor: 'creator',
          role: 'business_creator',
          object: `seal:${sealId}`,
          outcome: 'success',
          request_id: 'req-1',
        },
      ]);
    });

    it('raises one certificate-expiry alert per seal and certificate, again for a new certificate', async () => {
      const tsaCert = pki.tsa.certificate;
      const sealId = await newSeal(demo.units.academicAffairs, tsaCert.der);
      const far = new Date(tsaCert.notAfter.getTime() - 31 * 86_400_000);
      expect(await checkCertificateExpiry(db, far)).toEqual([]);
      const near = new Date(tsaCert.notAfter.getTime() - 10 * 86_400_000);
      const first = await checkCertificateExpiry(db, near);
      expect(first.filter((f) => f.dedupeKey?.startsWith(`${sealId}:`))).toEqual([
        {
          rule: 'certificate-expiry',
          action: 'alert',
          severity: 'medium',
          details: { notAfter: tsaCert.notAfter.toISOString(), daysLeft: 10, serial: tsaCert.serialHex },
          dedupeKey: `${sealId}:${tsaCert.serialHex}`,
        },
      ]);
      expect(await checkCertificateExpiry(db, new Date(near.getTime() + 86_400_000))).toEqual([]);
      // A re-issued certificate (another serial) is a new subject.
      await db
        .updateTable('seals')
        .set({ certificate: pki.ocsp.certificate.der })
        .where('id', '=', sealId)
        .execute();
      expect((await checkCertificateExpiry(db, near)).map((f) => f.details['serial'])).toEqual([
        pki.ocsp.certificate.serialHex,
      ]);
      const alerts = await db
        .selectFrom('risk_alerts')
        .select('rule')
        .where('seal_id', '=', sealId)
        .execute();
      expect(alerts).toHaveLength(2);
      const audits = await db
        .selectFrom('audit_log')
        .select(['actor', 'outcome'])
        .where('action', '=', 'risk.alert')
        .where('object', '=', `seal:${sealId}`)
        .execute();
      expect(audits).toEqual([
        { actor: null, outcome: 'success' },
        { actor: null, outcome: 'success' },
      ]);
      // A destroyed seal is no longer watched.
      await db.updateTable('seals').set({ status: 'destroyed' }).where('id', '=', sealId).execute();
      await setRule('certificate-expiry', true, 'alert', { days: 365 });
      expect((await checkCertificateExpiry(db, near)).map((f) => f.dedupeKey)).not.toContain(
        `${sealId}:${pki.ocsp.certificate.serialHex}`,
      );
    });

    it('counts rejections of one requester within D days from approval_requests', async () => {
      const row = (id: string, requester: string, status: 'rejected' | 'approved', daysAgo: number) => {
        const at = new Date(WORKING.getTime() - daysAgo * 86_400_000).toISOString();
        return db
          .insertInto('approval_requests')
          .values({
            id,
            type: 'seal.use',
            title: 'test',
            requester_id: requester,
            unit_id: demo.units.academicAffairs,
            seal_id: null,
            payload: '{}',
            flow: '{}',
            state: '{}',
            status,
            version: 1,
            result: null,
            created_at: at,
            updated_at: at,
            completed_at: null,
          })
          .execute();
      };
      await row('r1', creatorId, 'rejected', 1);
      await row('r2', creatorId, 'rejected', 29);
      await row('r3', creatorId, 'approved', 2);
      await row('r4', studentId, 'rejected', 2);
      await row('r5', creatorId, 'rejected', 31);
      expect(await countRecentRejections(db, creatorId, new Date(WORKING.getTime() - 30 * 86_400_000))).toBe(
        2,
      );
      expect(await evaluateRejectionRisk(db, creatorId, WORKING)).toEqual([]);
      await row('r6', creatorId, 'rejected', 0);
      expect(await evaluateRejectionRisk(db, creatorId, WORKING)).toEqual([
        {
          rule: 'repeated-rejections',
          action: 'alert',
          severity: 'medium',
          details: { rejected: 3, limit: 3, days: 30 },
        },
      ]);
      expect(await evaluateRejectionRisk(db, studentId, WORKING)).toEqual([]);
    });

    it('alerts on an attempt past a grant’s quota and warns on its last use', async () => {
      const sealId = await newSeal(demo.units.academicAffairs);
      await db
        .insertInto('seal_grants')
        .values({
          id: 'grant-q',
          seal_id: sealId,
          user_id: creatorId,
          role: null,
          unit_id: null,
          document_types: '[]',
          until: null,
          max_uses: 2,
          uses: 1,
          created_at: WORKING.toISOString(),
        })
        .execute();
      expect(await evaluateQuotaRisk(db, { outcome: 'counted', grantId: 'grant-q' })).toEqual([]);
      await db.updateTable('seal_grants').set({ uses: 2 }).where('id', '=', 'grant-q').execute();
      expect(await evaluateQuotaRisk(db, { outcome: 'counted', grantId: 'grant-q' })).toEqual([
        {
          rule: 'quota',
          action: 'alert',
          severity: 'low',
          details: { event: 'last-use', maxUses: 2, grantId: 'grant-q' },
        },
      ]);
      expect(await evaluateQuotaRisk(db, { outcome: 'refused', grantId: 'grant-q' })).toEqual([
        {
          rule: 'quota',
          action: 'alert',
          severity: 'medium',
          details: { event: 'exceeded-attempt', grantId: 'grant-q' },
        },
      ]);
      expect(await evaluateQuotaRisk(db, { outcome: 'refused' })).toMatchObject([
        { rule: 'quota', details: { event: 'exceeded-attempt' } },
      ]);
    });

    it('blocks a stamped file that differs from the approved one', async () => {
      expect(await evaluateFileMismatch(db, 'a'.repeat(64), 'a'.repeat(64))).toEqual([]);
      expect((await evaluateFileMismatch(db, 'a'.repeat(64), 'b'.repeat(64))).map((f) => f.action)).toEqual([
        'block',
      ]);
      await setRule('file-mismatch', true, 'alert', {});
      expect((await evaluateFileMismatch(db, 'a'.repeat(64), 'b'.repeat(64))).map((f) => f.action)).toEqual([
        'alert',
      ]);
    });
  });
}
