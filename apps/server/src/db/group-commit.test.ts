import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../test/databases.ts';
import { dialectOf } from './dialect.ts';
import { groupCommit } from './group-commit.ts';
import { migrateToLatest } from './migrate.ts';
import { openDatabase } from './open-database.ts';

// Transactions handed to the group commit together: each caller hears its own result after the
// commit; a body that fails takes back its own writes alone; a commit that fails keeps nothing of
// any body and every caller hears it.

const event = (id: string) => ({
  id,
  type: 'seal.used',
  data: '{}',
  created_at: '2026-12-07T08:00:00.000Z',
  dispatched_at: null,
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`group commit on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: ReturnType<typeof openDatabase>;

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });
    beforeEach(async () => {
      await db.deleteFrom('integration_events').execute();
    });

    const stored = async () =>
      (await db.selectFrom('integration_events').select('id').orderBy('id').execute()).map((r) => r.id);

    it('gives each caller its own result, after the commit', async () => {
      const group = groupCommit(db);
      const results = await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          group.run(async (trx) => {
            await trx.insertInto('integration_events').values(event(id)).execute();
            const seen = await trx.selectFrom('integration_events').select('id').execute();
            return `${id}:${seen.length}`;
          }),
        ),
      );
      expect(results.map((r) => r.split(':')[0])).toEqual(['a', 'b', 'c']);
      // On SQLite the three share one transaction, so each sees the ones before it.
      if (dialectOf(db) === 'sqlite') expect(results).toEqual(['a:1', 'b:2', 'c:3']);
      expect(await stored()).toEqual(['a', 'b', 'c']);
    });

    it('takes back a failing body alone and tells its caller', async () => {
      await db.insertInto('integration_events').values(event('z')).execute();
      const group = groupCommit(db);
      const outcomes = await Promise.allSettled([
        group.run((trx) => trx.insertInto('integration_events').values(event('a')).execute()),
        group.run(async (trx) => {
          await trx.insertInto('integration_events').values(event('b')).execute();
          throw new Error('the seal was suspended meanwhile');
        }),
        // A duplicate key: the database refuses it, the body's own earlier write goes with it.
        group.run(async (trx) => {
          await trx.insertInto('integration_events').values(event('c')).execute();
          await trx.insertInto('integration_events').values(event('z')).execute();
        }),
        group.run((trx) => trx.insertInto('integration_events').values(event('d')).execute()),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toHaveProperty(
        'message',
        'the seal was suspended meanwhile',
      );
      expect(await stored()).toEqual(['a', 'd', 'z']);
    });

    it.runIf(kind.name === 'sqlite')(
      'keeps nothing when the shared commit fails, and tells every caller',
      async () => {
        const group = groupCommit(db);
        const outcomes = await Promise.allSettled([
          group.run((trx) => trx.insertInto('integration_events').values(event('a')).execute()),
          // Ends the shared transaction under the others' feet: what a disk error does to it.
          group.run(async (trx) => {
            await trx.insertInto('integration_events').values(event('b')).execute();
            await sql`rollback`.execute(trx);
          }),
          group.run((trx) => trx.insertInto('integration_events').values(event('c')).execute()),
        ]);
        expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
        expect(await stored()).toEqual([]);
        // And the next group commits as usual.
        await group.run((trx) => trx.insertInto('integration_events').values(event('e')).execute());
        expect(await stored()).toEqual(['e']);
      },
    );
  });
}
