import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../test/databases.ts';
import { type DemoSchool, seedDemoSchool } from '../demo/seed-demo-school.ts';
import { displayNames, existingUserIds } from '../modules/auth/accounts.ts';
import { unitNames } from '../modules/org/org-service.ts';
import { migrateToLatest } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import type { Database } from './schema.ts';

// A year's CSV export can name more people than one statement may bind: the owners' batched lookups
// answer for 40,000 ids (a whole school's students) on both databases.

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`lookups by many ids on ${kind.name}`, () => {
    let target: TestDatabase;
    let db: Kysely<Database>;
    let demo: DemoSchool;
    const many = (known: string) => [known, ...Array.from({ length: 40_000 }, () => randomUUID()), known];

    beforeAll(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
      demo = await seedDemoSchool(db, new Date('2026-09-01T00:00:00.000Z'));
    });

    afterAll(async () => {
      await db?.destroy();
      await target?.dispose();
    });

    it('finds the one account among 40,000 ids', async () => {
      const { id } = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
      expect([...(await displayNames(db, many(id))).keys()]).toEqual([id]);
      expect([...(await existingUserIds(db, many(id)))]).toEqual([id]);
    });

    it('names the one unit among 40,000 ids', async () => {
      expect([...(await unitNames(db, many(demo.units.school))).keys()]).toEqual([demo.units.school]);
    });
  });
}
