import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../test/databases.ts';
import { eventsAfter } from '../modules/integrations/events/outbox.ts';
import { type KeysetCursor, pastCursor } from './keyset.ts';
import { migrateToLatest } from './migrate.ts';
import { openDatabase } from './open-database.ts';

// Paging the outbox past a cursor: every row once, in order, through runs of equal times, both ways;
// a few types read in one order; and on SQLite a seek into the index rather than a read of it from
// the start.

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`keyset pages on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: ReturnType<typeof openDatabase>;
    // 60 rows over 6 instants: ten share each time, so a page boundary falls inside a run. Every
    // seventh is an issued credential, every eleventh a risk alert, the rest seal uses.
    const typeOf = (i: number) =>
      i % 7 === 0 ? 'credential.issued' : i % 11 === 0 ? 'risk.alert_raised' : 'seal.used';
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `e${String((i * 37) % 60).padStart(2, '0')}`,
      type: typeOf(i),
      data: '{}',
      created_at: new Date(Date.UTC(2026, 8, 1, 8, Math.floor(i / 10))).toISOString(),
      dispatched_at: null,
    }));
    const order = [...rows].sort((a, b) =>
      a.created_at === b.created_at ? a.id.localeCompare(b.id) : a.created_at.localeCompare(b.created_at),
    );

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
      await db.insertInto('integration_events').values(rows).execute();
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });

    async function walk(direction: 'asc' | 'desc', size: number): Promise<string[]> {
      const seen: string[] = [];
      let cursor: KeysetCursor | null = null;
      for (;;) {
        let q = db.selectFrom('integration_events').select(['id', 'created_at']);
        if (cursor) q = q.where(pastCursor('created_at', 'id', cursor, direction));
        const page = await q.orderBy('created_at', direction).orderBy('id', direction).limit(size).execute();
        seen.push(...page.map((r) => r.id));
        const last = page[page.length - 1];
        if (!last || page.length < size) return seen;
        cursor = { time: last.created_at, id: last.id };
      }
    }

    it('reads every row once, in (time, id) order, whatever the page size', async () => {
      for (const size of [1, 7, 10, 60, 100]) {
        expect(await walk('asc', size)).toEqual(order.map((r) => r.id));
        expect(await walk('desc', size)).toEqual(order.map((r) => r.id).reverse());
      }
    });

    it('reads the outbox for a few types in one (time, id) order, from a cursor, up to the limit', async () => {
      const wanted = order.filter((r) => r.type !== 'seal.used');
      const from = wanted[3]!;
      const read = await eventsAfter(
        db,
        ['credential.issued', 'risk.alert_raised'],
        { at: from.created_at, id: from.id },
        5,
      );
      expect(read.map((r) => r.id)).toEqual(wanted.slice(4, 9).map((r) => r.id));
      const all = await eventsAfter(db, ['credential.issued', 'risk.alert_raised'], { at: '', id: '' }, 100);
      expect(all.map((r) => r.id)).toEqual(wanted.map((r) => r.id));
    });

    it.skipIf(kind.name !== 'sqlite')(
      'seeks the time index to the cursor instead of reading it from the start',
      async () => {
        const q = db
          .selectFrom('integration_events')
          .selectAll()
          .where(pastCursor('created_at', 'id', { time: order[30]!.created_at, id: order[30]!.id }))
          .orderBy('created_at')
          .orderBy('id')
          .limit(100)
          .compile();
        const plan = await db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
        );
        expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(
          /SEARCH integration_events USING INDEX \w+ \(created_at>\?\)/,
        );
      },
    );
  });
}
