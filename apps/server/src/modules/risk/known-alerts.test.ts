import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../../test/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import type { Database } from '../../db/schema.ts';
import { knownAlerts, recordRiskFindings } from './risk-alerts.ts';
import type { RiskFinding } from './risk-finding.ts';

// A finding that repeats on every stamp of a busy night is inserted once; the memo that then spares
// the database the insert learns a key only from an alert that is committed, never from one its own
// transaction wrote and rolled back.

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`known risk alerts on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: Kysely<Database>;
    const clock = () => new Date('2026-09-01T15:00:00.000Z');
    const ctx = { actor: { actor: 'oa' } };
    const night = (day: string): RiskFinding => ({
      rule: 'off-hours',
      action: 'alert',
      severity: 'medium',
      details: { localDate: day },
      dedupeKey: `user:seal:${day}`,
    });
    const alerts = async (day: string) =>
      (await db.selectFrom('risk_alerts').select('id').where('dedupe_key', '=', `user:seal:${day}`).execute())
        .length;

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });

    it('learns a key from a committed alert and then skips it without a query', async () => {
      const known = knownAlerts(db);
      expect(knownAlerts(db)).toBe(known);
      expect(await recordRiskFindings(db, [night('2026-09-01')], ctx, clock, known)).toHaveLength(1);
      // Written by this process in a transaction now committed: learnt on the next meeting.
      expect(known.has('off-hours\u0000user:seal:2026-09-01')).toBe(false);
      expect(await recordRiskFindings(db, [night('2026-09-01')], ctx, clock, known)).toEqual([]);
      expect(known.has('off-hours\u0000user:seal:2026-09-01')).toBe(true);
      expect(await recordRiskFindings(db, [night('2026-09-01')], ctx, clock, known)).toEqual([]);
      expect(await alerts('2026-09-01')).toBe(1);
    });

    it('does not learn a key whose alert its own transaction wrote and rolled back', async () => {
      const known = knownAlerts(db);
      await expect(
        db.transaction().execute(async (trx) => {
          await recordRiskFindings(trx, [night('2026-09-02')], ctx, clock, known);
          // The same finding again in the same transaction meets the row it just wrote.
          expect(await recordRiskFindings(trx, [night('2026-09-02')], ctx, clock, known)).toEqual([]);
          throw new Error('the stamp failed');
        }),
      ).rejects.toThrow('the stamp failed');
      expect(known.has('off-hours\u0000user:seal:2026-09-02')).toBe(false);
      expect(await alerts('2026-09-02')).toBe(0);
      expect(await recordRiskFindings(db, [night('2026-09-02')], ctx, clock, known)).toHaveLength(1);
      expect(await alerts('2026-09-02')).toBe(1);
    });
  });
}
