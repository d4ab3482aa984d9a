import { randomBytes } from 'node:crypto';
import type { Seal } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIAL_TYPES, DEMO_SM2_SEAL_NAME } from '../src/demo/credentials/credential-types.ts';
import type { DemoSchool } from '../src/demo/seed-demo-school.ts';
import { DEMO_DUAL_SEAL_NAME } from '../src/demo/seed-demo-seals.ts';
import { seedDemoCohort, seedDemoOnFirstStart } from '../src/start-server.ts';
import { pdfText } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';

// The demo (src/demo/) from the outside: the first start seeds it once, a demo type previews with the
// demo person's record while it has none of its own, and a generated cohort fills a batch trial.

const TRANSCRIPT = 'major-transcript-zh';
const kek = randomBytes(32);
let testPki: TestPki;

beforeAll(async () => {
  testPki = await makeTestPki('demo-data', 'unused', { sm2: true });
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`the demo on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let tpladmin: Session;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = (await seedDemoOnFirstStart(app)) as DemoSchool;
      tpladmin = await signInDemo(app, demo, 'tpladmin');
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('seeds an empty database once: the school, and with the PKI its seals and credential types', async () => {
      expect(demo.accounts.map((a) => a.username)).toContain('tpladmin');
      expect(await seedDemoOnFirstStart(app)).toBeUndefined();
      const types = await app.db.selectFrom('credential_templates').select('code').execute();
      expect(types.map((t) => t.code).sort()).toEqual(DEMO_CREDENTIAL_TYPES.map((t) => t.code).sort());
    });

    it('shows every algorithm: ECDSA seals, an SM2 seal and a dual one, each key certified by its own hierarchy', async () => {
      const sealadmin = await signInDemo(app, demo, 'sealadmin');
      const res = await app.inject({
        method: 'GET',
        url: `/api/seals?unitId=${demo.units.academicAffairs}`,
        ...as(sealadmin),
      });
      expect(res.statusCode, res.body).toBe(200);
      const seals = res.json() as Seal[];
      expect(seals.find((s) => s.name === DEMO_SM2_SEAL_NAME)).toMatchObject({ algorithm: 'sm2' });
      expect(seals.find((s) => s.name === '示范大学教务处成绩专用章')).toMatchObject({ algorithm: 'ecdsa' });
      expect(seals.find((s) => s.name === DEMO_DUAL_SEAL_NAME)).toMatchObject({ algorithm: 'dual' });
      const sm2Type = DEMO_CREDENTIAL_TYPES.find((t) => t.code === 'enrollment-certificate-sm2-zh');
      expect(sm2Type?.seals).toEqual([{ role: 'issuer', sealName: DEMO_SM2_SEAL_NAME }]);
    });

    it("previews a demo type with the demo student's record once the type has no record of its own", async () => {
      await app.db.deleteFrom('credential_records').where('type_code', '=', TRANSCRIPT).execute();
      const { id } = await app.db
        .selectFrom('credential_templates')
        .select('id')
        .where('code', '=', TRANSCRIPT)
        .executeTakeFirstOrThrow();
      const res = await app.inject({
        method: 'POST',
        url: `/api/credential-templates/${id}/preview`,
        payload: {},
        ...as(tpladmin),
      });
      expect(res.statusCode, res.body).toBe(200);
      const text = pdfText(new Uint8Array(res.rawPayload)).join('\n');
      expect(text).toContain('SPECIMEN');
      expect(text).toContain('示范学生');
    });

    it('adds a generated cohort of demo records for a batch trial', async () => {
      await seedDemoCohort(app, { typeCode: TRANSCRIPT, cohort: 'trial', count: 3, seed: 7 });
      const rows = await app.db
        .selectFrom('credential_records')
        .select(['subject', 'cohort', 'source'])
        .where('cohort', '=', 'trial')
        .orderBy('subject')
        .execute();
      expect(rows).toEqual(
        ['trial-000000', 'trial-000001', 'trial-000002'].map((subject) => ({
          subject,
          cohort: 'trial',
          source: 'demo',
        })),
      );
    });
  });
}
