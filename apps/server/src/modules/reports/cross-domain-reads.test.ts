import { randomUUID } from 'node:crypto';
import type { Kysely, KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../../test/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import type { Database } from '../../db/schema.ts';
import { type DemoSchool, seedDemoSchool } from '../../demo/seed-demo-school.ts';
import { reportSummary } from './reports-service.ts';
import { listRiskAlerts } from './risk-alert-list.ts';

// Reads that name what other domains own ask each owner once per page, never once per row: the
// number of queries stays the same whatever the page or the data holds.

const NOW = new Date('2026-09-20T02:00:00.000Z');

/** The same database, counting the statements run through it. */
function counting(db: Kysely<Database>): { db: Kysely<Database>; count: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), count: () => n };
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`cross-domain reads on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: Kysely<Database>;
    let demo: DemoSchool;
    let people: { id: string; display_name: string }[];
    const seals: { id: string; name: string }[] = [];
    const titles = new Map<string, string>();

    /** `n` more alerts, each about its own request, spread over the seals and people. */
    async function addAlerts(n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        const seal = seals[i % seals.length] as (typeof seals)[number];
        const person = people[i % people.length] as (typeof people)[number];
        const requestId = randomUUID();
        const at = new Date(NOW.getTime() - (titles.size + 1) * 60_000).toISOString();
        titles.set(requestId, `申请 ${titles.size}`);
        await db
          .insertInto('approval_requests')
          .values({
            id: requestId,
            type: 'seal.use',
            title: titles.get(requestId) as string,
            requester_id: person.id,
            unit_id: demo.units.academicAffairs,
            seal_id: seal.id,
            payload: '{}',
            flow: '{}',
            state: '{}',
            status: 'completed',
            version: 1,
            result: null,
            created_at: at,
            updated_at: at,
            completed_at: at,
          })
          .execute();
        await db
          .insertInto('risk_alerts')
          .values({
            id: randomUUID(),
            rule: 'burst',
            severity: 'medium',
            status: 'open',
            seal_id: seal.id,
            user_id: person.id,
            request_id: requestId,
            document_sha256: null,
            details: '{}',
            notes: '[]',
            dedupe_key: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await db
          .insertInto('sealed_documents')
          .values({
            id: randomUUID(),
            sha256: 'c'.repeat(64),
            seal_id: seal.id,
            actor: 'creator',
            purpose: 'test',
            document_type: 'contract',
            user_id: person.id,
            unit_id: demo.units.academicAffairs,
            grant_id: null,
            request_id: requestId,
            created_at: at,
          })
          .execute();
      }
    }

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
      demo = await seedDemoSchool(db, NOW);
      people = await db.selectFrom('users').select(['id', 'display_name']).execute();
      for (const [i, unit] of [
        demo.units.academicAffairs,
        demo.units.csCollege,
        demo.units.school,
      ].entries()) {
        const seal = { id: randomUUID(), name: `测试章 ${i}` };
        seals.push(seal);
        await db
          .insertInto('seals')
          .values({
            ...seal,
            type: 'business',
            owner_unit_id: unit,
            status: 'active',
            custodian_user_id: null,
            physical: 1,
            seal_spec: '{"kind":"round","orgName":"示范大学"}',
            certificate: null,
            certificate_serial: null,
            key_envelope: null,
            key_store: null,
            image: null,
            image_type: null,
            created_at: NOW.toISOString(),
          })
          .execute();
      }
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });

    it('names a page of alerts with one query per owning domain, for 5 alerts as for 100', async () => {
      const counts: number[] = [];
      for (const more of [5, 95]) {
        await addAlerts(more);
        const c = counting(db);
        const alerts = await listRiskAlerts(c.db, { limit: 100 });
        counts.push(c.count());
        expect(alerts).toHaveLength(titles.size);
        for (const a of alerts) {
          expect(a.sealName).toBe(seals.find((s) => s.id === a.sealId)?.name);
          expect(a.userName).toBe(people.find((p) => p.id === a.userId)?.display_name);
          expect(a.requestTitle).toBe(titles.get(a.requestId as string));
        }
      }
      // The page, then seals, accounts and requests: one batched call each.
      expect(counts).toEqual([4, 4]);
    });

    it('reads a report in the same number of queries whatever the ledger holds', async () => {
      const q = { unitId: demo.units.school, from: '2026-09-01', to: '2026-09-30' };
      const before = counting(db);
      const first = await reportSummary(before.db, q, 'Asia/Shanghai');
      await addAlerts(50);
      const after = counting(db);
      const second = await reportSummary(after.db, q, 'Asia/Shanghai');
      expect(second.sealed.total).toBe(first.sealed.total + 50);
      expect(second.alerts.byRule).toEqual([{ rule: 'burst', count: first.sealed.total + 50 }]);
      expect(after.count()).toBe(before.count());
    });
  });
}
