// What a new school's security admin meets on day one: a holiday calendar already filled with
// China's public holidays and 调休 workdays, one alert per cause per request, alerts that name the
// seal, the request and the person, and no burst alert from the registrar's batch issuing.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { listRiskAlerts } from '../src/modules/reports/risk-alert-list.ts';
import { recordRiskFindings } from '../src/modules/risk/risk-alerts.ts';
import { listRiskHolidays } from '../src/modules/risk/risk-service.ts';
import { evaluateUseRisk, type UseRiskInput } from '../src/modules/sealing/use-risk.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

/** Tuesday 2026-09-01, 10:00 in Shanghai. */
const WORKING = new Date('2026-09-01T02:00:00.000Z');
const clock = () => WORKING;
/** 10:00 in Shanghai on a given day. */
const tenAm = (day: string) => new Date(`${day}T02:00:00.000Z`);

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`risk on a school's first day on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: Kysely<Database>;
    let demo: DemoSchool;
    let creatorId: string;
    const sealId = 'seal-first-day';
    let n = 0;

    const input = (over: Partial<UseRiskInput>): UseRiskInput => ({
      sealId,
      userId: creatorId,
      unitId: demo.units.academicAffairs,
      sealOwnerUnitId: demo.units.academicAffairs,
      documentType: 'transcript',
      text: '成绩证明',
      now: WORKING,
      stage: 'approval',
      ...over,
    });

    async function ledgerRow(purpose: string, at: Date): Promise<void> {
      await db
        .insertInto('sealed_documents')
        .values({
          id: `doc-${++n}`,
          sha256: 'b'.repeat(64),
          seal_id: sealId,
          actor: 'creator',
          purpose,
          document_type: 'transcript',
          user_id: creatorId,
          unit_id: demo.units.academicAffairs,
          grant_id: null,
          created_at: at.toISOString(),
        })
        .execute();
    }

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
      demo = await seedDemoSchool(db, WORKING);
      creatorId = (
        await db.selectFrom('users').select('id').where('username', '=', 'creator').executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto('seals')
        .values({
          id: sealId,
          name: '示范大学教务处业务章',
          type: 'business',
          owner_unit_id: demo.units.academicAffairs,
          status: 'active',
          custodian_user_id: null,
          physical: 1,
          seal_spec: JSON.stringify({ kind: 'round', orgName: '示范大学' }),
          certificate: null,
          certificate_serial: null,
          key_envelope: null,
          created_at: WORKING.toISOString(),
        })
        .execute();
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });

    it('comes with the 2026 State Council holidays and 调休 workdays, and 2027’s statutory days', async () => {
      const days = new Map((await listRiskHolidays(db)).map((h) => [h.date, h]));
      const holidays = (year: string) =>
        [...days.values()].filter((h) => h.date.startsWith(year) && !h.workday).map((h) => h.date);
      const workdays = (year: string) =>
        [...days.values()].filter((h) => h.date.startsWith(year) && h.workday).map((h) => h.date);
      expect(holidays('2026')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
      expect(workdays('2026')).toEqual([
        '2026-01-04',
        '2026-02-14',
        '2026-02-28',
        '2026-05-09',
        '2026-09-20',
        '2026-10-10',
      ]);
      expect(days.get('2026-02-15')).toEqual({ date: '2026-02-15', name: '春节', workday: false });
      expect(days.get('2026-02-23')?.name).toBe('春节');
      expect(days.get('2026-09-25')?.name).toBe('中秋节');
      expect(holidays('2027')).toEqual([
        '2027-01-01',
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
      ]);

      // Saturday 2026-02-14 is a make-up workday; Monday 2026-02-16 is 春节.
      expect(await evaluateUseRisk(db, input({ now: tenAm('2026-02-14') }))).toEqual([]);
      const holiday = await evaluateUseRisk(db, input({ now: tenAm('2026-02-16') }));
      expect(holiday.map((f) => [f.rule, f.details['holiday']])).toEqual([['off-hours', '春节']]);
    });

    it('raises one alert per cause for a request checked at approval and again at stamping', async () => {
      await db
        .insertInto('risk_sensitive_words')
        .values({ id: 'w-first-day', word: '内部资料', created_at: WORKING.toISOString(), created_by: 'x' })
        .execute();
      const requestId = 'req-first-day';
      await db
        .insertInto('approval_requests')
        .values({
          id: requestId,
          type: 'seal.use',
          title: '用印：2026 届毕业生成绩证明',
          requester_id: creatorId,
          unit_id: demo.units.academicAffairs,
          seal_id: sealId,
          payload: '{}',
          flow: '{}',
          state: '{}',
          status: 'approved',
          version: 1,
          result: null,
          created_at: WORKING.toISOString(),
          updated_at: WORKING.toISOString(),
          completed_at: null,
        })
        .execute();
      const ctx = { actor: { actor: 'creator' }, sealId, userId: creatorId, requestId };
      // Submitted on a Sunday evening, stamped on Monday night: both off hours, both with the word.
      const atApproval = await evaluateUseRisk(
        db,
        input({ requestId, text: '内部资料', now: new Date('2026-09-06T12:00:00Z') }),
      );
      const atStamping = await evaluateUseRisk(
        db,
        input({ requestId, text: '内部资料', stage: 'stamping', now: new Date('2026-09-07T14:00:00Z') }),
      );
      expect(atApproval.map((f) => f.rule).sort()).toEqual(['off-hours', 'sensitive-words']);
      expect(atStamping.map((f) => f.rule).sort()).toEqual(['off-hours', 'sensitive-words']);
      expect(await recordRiskFindings(db, atApproval, ctx, clock)).toHaveLength(2);
      expect(await recordRiskFindings(db, atStamping, ctx, clock)).toHaveLength(0);

      const alerts = await listRiskAlerts(db, {});
      expect(alerts.filter((a) => a.requestId === requestId)).toHaveLength(2);
      for (const a of alerts.filter((x) => x.requestId === requestId)) {
        expect(a).toMatchObject({
          sealName: '示范大学教务处业务章',
          requestTitle: '用印：2026 届毕业生成绩证明',
          userName: expect.any(String),
        });
        expect(a.userName).not.toBe(creatorId);
      }
    });

    it('does not count the registrar’s issued credentials toward a burst', async () => {
      const minutesAgo = (m: number) => new Date(WORKING.getTime() - m * 60_000);
      // A batch of 150 transcripts in the last five minutes: beyond both default limits (20 a user,
      // 100 a seal in 10 minutes).
      for (let i = 0; i < 150; i++) await ledgerRow('credential:major-transcript-zh', minutesAgo(5 - i / 40));
      expect((await evaluateUseRisk(db, input({}))).filter((f) => f.rule === 'burst')).toEqual([]);
      // Twenty stampings by hand are still a burst.
      for (let i = 0; i < 19; i++) await ledgerRow('stamp', minutesAgo(4));
      const burst = (await evaluateUseRisk(db, input({}))).filter((f) => f.rule === 'burst');
      expect(burst.map((f) => f.details['scope'])).toEqual(['user']);
    });
  });
}
