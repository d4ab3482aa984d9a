import { randomUUID } from 'node:crypto';
import type { ReportSummary } from '@openseal/contract';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../../test/databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from '../../../test/identity-fixture.ts';
import type { Database } from '../../db/schema.ts';
import { insertOrgUnit } from '../org/org-service.ts';

const DAY = 86_400_000;
/** 2026-09-01 00:00 in Asia/Shanghai (UTC+8, no DST): the report's first instant. */
const START = Date.parse('2026-08-31T16:00:00.000Z');
/** 2026-09-30 24:00 in Asia/Shanghai: just after the last. */
const END = START + 30 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unit ids at and below `unitId`, walked through parent_id (not the path the service uses). */
async function subtree(db: Kysely<Database>, unitId: string): Promise<string[]> {
  const units = await db.selectFrom('org_units').select(['id', 'parent_id']).execute();
  const out = [unitId];
  for (let i = 0; i < out.length; i++) for (const u of units) if (u.parent_id === out[i]) out.push(u.id);
  return out;
}

/** count(*) of a raw SQL statement, with its parameters. */
async function count(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await (query as ReturnType<typeof sql<{ n: number | string }>>).execute(db);
  return Number(rows[0]?.n);
}

const inList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}`));

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`reports on ${kind.name}`, () => {
    let f: IdentityFixture;
    const sessions: Record<string, Session> = {};
    let registry: string;

    const get = (user: string, url: string) =>
      f.app.inject({ method: 'GET', url, ...as(sessions[user] as Session) });

    beforeAll(async () => {
      f = await identityFixture(kind);
      const db = f.app.db;
      const now = new Date(f.clock.ms);
      const { units } = f.demo;
      // A unit below 教务处, so 教务处's report rolls it up into 教务处's own row … and the school's
      // report rolls both up into 教务处.
      registry = (
        await insertOrgUnit(
          db,
          { parentId: units.academicAffairs, nameZh: '注册中心', nameEn: 'Registry', kind: 'unit' },
          now,
        )
      ).id;
      const owners = [units.school, units.academicAffairs, registry, units.csCollege, units.generalOffice];
      const types = ['official', 'contract', 'finance', 'business', 'personal'] as const;
      const statuses = ['active', 'active', 'suspended', 'revoked', 'destroyed'] as const;
      const seals = owners.flatMap((owner, i) =>
        [0, 1].map((j) => ({
          id: randomUUID(),
          name: `印章 ${i}-${j}`,
          type: types[(i + j) % types.length] as (typeof types)[number],
          owner_unit_id: owner,
          status: statuses[(i * 2 + j) % statuses.length] as (typeof statuses)[number],
          custodian_user_id: null,
          physical: 1,
          seal_spec: '{"kind":"round","orgName":"示范大学"}',
          certificate: null,
          certificate_serial: null,
          key_envelope: null,
          key_store: null,
          image: null,
          image_type: null,
          created_at: now.toISOString(),
        })),
      );
      await db.insertInto('seals').values(seals).execute();

      const creator = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'creator')
        .executeTakeFirstOrThrow();
      const rand = prng(7);
      const docTypes = ['contract', 'transcript', 'certificate', null] as const;
      // 400 uses from a week before the range to a week after it, plus some exactly on its edges.
      const times = Array.from({ length: 400 }, () => START - 7 * DAY + Math.floor(rand() * 44 * DAY));
      times.push(START, START - 1, END, END - 1, START + DAY - 1, START + DAY);
      const docs = times.map((t, i) => ({
        id: randomUUID(),
        sha256: (i + 1).toString(16).padStart(64, '0'),
        seal_id: (seals[Math.floor(rand() * seals.length)] as (typeof seals)[number]).id,
        actor: 'creator',
        purpose: `用途 ${i}`,
        document_type: docTypes[i % docTypes.length] ?? null,
        user_id: creator.id,
        unit_id: units.academicAffairs,
        grant_id: null,
        request_id: null,
        created_at: iso(t),
      }));
      for (let i = 0; i < docs.length; i += 100) {
        await db
          .insertInto('sealed_documents')
          .values(docs.slice(i, i + 100))
          .execute();
      }

      // Requests of 教务处 with decided lead times of 1 … 10 hours, pending ones, and others outside
      // the range or the unit.
      const request = (
        unitId: string,
        created: number,
        status: string,
        hours: number | null,
        type = 'seal-use',
      ) => ({
        id: randomUUID(),
        type,
        title: 'r',
        requester_id: creator.id,
        unit_id: unitId,
        seal_id: null,
        payload: '{}',
        flow: '{}',
        state: '{}',
        status: status as 'pending',
        version: 1,
        result: null,
        created_at: iso(created),
        updated_at: iso(created + (hours ?? 0.5) * 3_600_000),
        completed_at: hours === null || status === 'rejected' ? null : iso(created + hours * 3_600_000),
      });
      const requests = [
        ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((h, i) =>
          request(
            i < 5 ? units.academicAffairs : registry,
            START + i * DAY,
            ['approved', 'completed', 'rejected'][i % 3] as string,
            h,
            i % 2 ? 'seal-use' : 'seal-create',
          ),
        ),
        request(units.academicAffairs, START + 2 * DAY, 'pending', null),
        request(units.academicAffairs, START + 3 * DAY, 'withdrawn', null),
        request(units.academicAffairs, START - 1, 'approved', 100),
        request(units.csCollege, START + DAY, 'approved', 100),
      ];
      await db.insertInto('approval_requests').values(requests).execute();

      const rules = ['off-hours', 'burst', 'sensitive-words'];
      await db
        .insertInto('risk_alerts')
        .values(
          times.slice(0, 120).map((t, i) => ({
            id: randomUUID(),
            rule: rules[i % 3] as string,
            severity: 'medium' as const,
            status: 'open' as const,
            seal_id: (seals[i % seals.length] as (typeof seals)[number]).id,
            user_id: creator.id,
            request_id: null,
            document_sha256: null,
            details: '{}',
            notes: '[]',
            dedupe_key: null,
            created_at: iso(t),
            updated_at: iso(t),
          })),
        )
        .execute();
      // The CSV's hostile row: a formula, quotes, a comma and a line break in the purpose.
      await db
        .insertInto('sealed_documents')
        .values({
          ...(docs[0] as (typeof docs)[number]),
          id: randomUUID(),
          seal_id: (seals[2] as (typeof seals)[number]).id,
          sha256: 'f'.repeat(64),
          purpose: '=HYPERLINK("http://evil","点我"),\n第二行',
          created_at: iso(END - 2),
        })
        .execute();

      for (const u of ['sealoffice', 'leader', 'bizauditor', 'creator']) sessions[u] = await f.login(u);
    });
    afterAll(async () => {
      await f?.close();
    });

    /** Every number of the summary against counts the test makes itself. */
    async function expectMatchesDatabase(s: ReportSummary, unitId: string, granularity: 'day' | 'week') {
      const db = f.app.db;
      const ids = await subtree(db, unitId);
      const sealsIn = sql`select id from seals where owner_unit_id in (${inList(ids)})`;
      const docs = (from: number, to: number, extra = sql`1 = 1`) =>
        count(
          db,
          sql`select count(*) as n from sealed_documents where seal_id in (${sealsIn})
              and created_at >= ${iso(from)} and created_at < ${iso(to)} and ${extra}`,
        );

      expect(s.sealed.total).toBe(await docs(START, END));
      expect(s.sealed.total).toBeGreaterThan(0);
      expect(s.sealed.byPeriod.reduce((a, p) => a + p.count, 0)).toBe(s.sealed.total);
      const step = granularity === 'day' ? DAY : 7 * DAY;
      // 2026-08-31 is a Monday: the first week starts the day before the range.
      let periodStart = granularity === 'day' ? START : START - DAY;
      expect(s.sealed.byPeriod.length).toBe(granularity === 'day' ? 30 : 5);
      for (const p of s.sealed.byPeriod) {
        expect(p.period).toBe(iso(periodStart + 8 * 3_600_000).slice(0, 10));
        expect(p.count, p.period).toBe(
          await docs(Math.max(periodStart, START), Math.min(periodStart + step, END)),
        );
        periodStart += step;
      }
      const seals = await db
        .selectFrom('seals')
        .select(['id', 'name'])
        .where('owner_unit_id', 'in', ids)
        .execute();
      let bySeal = 0;
      for (const seal of seals) {
        const n = await docs(START, END, sql`seal_id = ${seal.id}`);
        const row = s.sealed.bySeal.find((x) => x.sealId === seal.id);
        expect(row?.count ?? 0, seal.name).toBe(n);
        if (row) expect(row.name).toBe(seal.name);
        bySeal += n;
      }
      expect(s.sealed.bySeal.reduce((a, x) => a + x.count, 0)).toBe(bySeal);
      // By unit: each direct child's subtree, and the unit's own seals.
      const children = await db
        .selectFrom('org_units')
        .select('id')
        .where('parent_id', '=', unitId)
        .execute();
      for (const group of [[unitId], ...(await Promise.all(children.map((c) => subtree(db, c.id))))]) {
        const n = await count(
          db,
          sql`select count(*) as n from sealed_documents d join seals s on s.id = d.seal_id
              where s.owner_unit_id in (${inList(group)})
              and d.created_at >= ${iso(START)} and d.created_at < ${iso(END)}`,
        );
        expect(s.sealed.byUnit.find((u) => u.unitId === group[0])?.count ?? 0).toBe(n);
      }
      expect(s.sealed.byUnit.reduce((a, x) => a + x.count, 0)).toBe(s.sealed.total);
      for (const t of ['contract', 'transcript', 'certificate']) {
        const n = await docs(START, END, sql`document_type = ${t}`);
        expect(s.sealed.byDocumentType.find((x) => x.documentType === t)?.count ?? 0).toBe(n);
      }
      expect(s.sealed.byDocumentType.find((x) => x.documentType === null)?.count ?? 0).toBe(
        await docs(START, END, sql`document_type is null`),
      );

      for (const t of ['official', 'contract', 'finance', 'business', 'personal']) {
        const n = await count(
          db,
          sql`select count(*) as n from seals where owner_unit_id in (${inList(ids)}) and type = ${t}`,
        );
        expect(s.seals.byType.find((x) => x.type === t)?.count ?? 0, t).toBe(n);
      }
      for (const st of ['active', 'suspended', 'revoked', 'destroyed']) {
        const n = await count(
          db,
          sql`select count(*) as n from seals where owner_unit_id in (${inList(ids)}) and status = ${st}`,
        );
        expect(s.seals.byStatus.find((x) => x.status === st)?.count ?? 0, st).toBe(n);
      }

      const requests = (extra = sql`1 = 1`) =>
        count(
          db,
          sql`select count(*) as n from approval_requests where unit_id in (${inList(ids)})
              and created_at >= ${iso(START)} and created_at < ${iso(END)} and ${extra}`,
        );
      expect(s.approvals.count).toBe(await requests());
      expect(s.approvals.decided).toBe(await requests(sql`status in ('approved', 'completed', 'rejected')`));
      for (const t of s.approvals.byType) expect(t.count).toBe(await requests(sql`type = ${t.type}`));

      for (const rule of ['off-hours', 'burst', 'sensitive-words']) {
        const n = await count(
          db,
          sql`select count(*) as n from risk_alerts where seal_id in (${sealsIn})
              and created_at >= ${iso(START)} and created_at < ${iso(END)} and rule = ${rule}`,
        );
        expect(s.alerts.byRule.find((x) => x.rule === rule)?.count ?? 0, rule).toBe(n);
      }
    }

    it('shows the school the same numbers as the database, by day and by week', async () => {
      for (const granularity of ['day', 'week'] as const) {
        const res = await get(
          'sealoffice',
          `/api/reports/summary?unitId=${f.demo.units.school}&from=2026-09-01&to=2026-09-30&granularity=${granularity}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        await expectMatchesDatabase(res.json(), f.demo.units.school, granularity);
      }
    });

    it("rolls 教务处 and its registry up for 教务处's leader, with lead times of its decided requests", async () => {
      const res = await get(
        'leader',
        `/api/reports/summary?unitId=${f.demo.units.academicAffairs}&from=2026-09-01&to=2026-09-30`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const s: ReportSummary = res.json();
      await expectMatchesDatabase(s, f.demo.units.academicAffairs, 'day');
      expect(s.sealed.byUnit.map((u) => u.unitId).sort()).toEqual(
        [f.demo.units.academicAffairs, registry].sort(),
      );
      // Decided lead times 1 … 10 h: nearest-rank p50 5 h, p90 9 h, mean 5.5 h; pending, withdrawn,
      // before-the-range and other units' requests left out.
      expect(s.approvals).toMatchObject({
        count: 12,
        decided: 10,
        leadTimeHours: { p50: 5, p90: 9, avg: 5.5 },
      });
      expect(s.approvals.byType.find((t) => t.type === 'seal-create')).toEqual({
        type: 'seal-create',
        count: 5,
        decided: 5,
        avgHours: 5, // 1, 3, 5, 7, 9
      });
      const school = (
        await get(
          'sealoffice',
          `/api/reports/summary?unitId=${f.demo.units.school}&from=2026-09-01&to=2026-09-30`,
        )
      ).json() as ReportSummary;
      expect(school.sealed.byUnit.find((u) => u.unitId === registry)).toBeUndefined();
    });

    it('refuses a unit leader asking about another unit, and roles without reports', async () => {
      const other = await get(
        'leader',
        `/api/reports/summary?unitId=${f.demo.units.csCollege}&from=2026-09-01&to=2026-09-30`,
      );
      expect(other.statusCode).toBe(403);
      expect(other.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const up = await get(
        'leader',
        `/api/reports/sealed.csv?unitId=${f.demo.units.school}&from=2026-09-01&to=2026-09-30`,
      );
      expect(up.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const creator = await get(
        'creator',
        `/api/reports/summary?unitId=${f.demo.units.academicAffairs}&from=2026-09-01&to=2026-09-30`,
      );
      expect(creator.json().code).toBe('ERR_FORBIDDEN');
      const auditor = await get(
        'bizauditor',
        `/api/reports/summary?unitId=${f.demo.units.generalOffice}&from=2026-09-01&to=2026-09-30`,
      );
      expect(auditor.statusCode, auditor.body).toBe(200);
      const backwards = await get(
        'sealoffice',
        `/api/reports/summary?unitId=${f.demo.units.school}&from=2026-09-30&to=2026-09-01`,
      );
      expect(backwards.json().code).toBe('ERR_VALIDATION');
    });

    it('exports the range as CSV with a BOM, RFC 4180 quoting and formulas neutralised, audited', async () => {
      const res = await get(
        'sealoffice',
        `/api/reports/sealed.csv?unitId=${f.demo.units.school}&from=2026-09-01&to=2026-09-30`,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="sealed-2026-09-01-2026-09-30.csv"',
      );
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(
        '时间 Time,印章 Seal,单位 Unit,文件类型 Document type,用印人 User,用途 Purpose,SHA-256,申请编号 Request ID',
      );
      expect(lines.at(-1)).toBe('');
      // Records = CRLFs: the hostile purpose holds a bare LF inside its quotes, never a CRLF.
      const total = (
        (
          await get(
            'sealoffice',
            `/api/reports/summary?unitId=${f.demo.units.school}&from=2026-09-01&to=2026-09-30`,
          )
        ).json() as ReportSummary
      ).sealed.total;
      expect(lines.length - 2).toBe(total);
      const hostile = lines.find((l) => l.includes('f'.repeat(64)));
      expect(hostile).toContain(`"'=HYPERLINK(""http://evil"",""点我""),\n第二行"`);
      // The last second of 30 September, Beijing time.
      expect(hostile?.startsWith('2026-09-30 23:59:59,')).toBe(true);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['actor', 'role', 'object', 'outcome'])
        .where('action', '=', 'reports.exportSealed')
        .execute();
      expect(audit).toEqual([
        {
          actor: 'sealoffice',
          role: 'seal_admin',
          object: `org_unit:${f.demo.units.school}`,
          outcome: 'success',
        },
      ]);
    });
  });
}
