import { randomBytes } from 'node:crypto';
import { SECURITY_ROLES } from '@openseal/contract';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLookups } from '../src/access-lookups.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { authRoutes } from '../src/modules/auth/auth-routes.ts';
import { kekSecretBox } from '../src/modules/auth/secret-box.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { reportsRoutes } from '../src/modules/reports/reports-routes.ts';
import { recordRiskFindings } from '../src/modules/risk/risk-alerts.ts';
import { riskRoutes } from '../src/modules/risk/risk-routes.ts';
import { insertUser } from '../src/modules/users/users-service.ts';
import { authorizePlugin } from '../src/plugins/authorize.ts';
import { dbPlugin } from '../src/plugins/db.ts';
import { errorHandlerPlugin } from '../src/plugins/error-handler.ts';
import { jobsPlugin } from '../src/plugins/jobs.ts';
import { routeScopes } from '../src/route-scopes.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signIn, storeTestTotp, TEST_TOTP_SECRET } from './identity-fixture.ts';

const kek = randomBytes(32);
const secrets = kekSecretBox(() => kek);

/**
 * The server's own plugins in buildApp's order (scheduler, error handler, db, authorize, auth), with the risk
 * and reports routes (reports lists the alerts) on top: the same access hook and error mapping the
 * registered modules will get.
 */
async function riskApp(db: TestDatabase, clock: () => Date): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  await app.register(jobsPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(dbPlugin, { database: db.config });
  await app.register(authorizePlugin, {
    clock,
    totpRequiredRoles: ['system_admin', 'security_admin', 'security_auditor'],
    scopes: routeScopes,
    ...accessLookups,
  });
  await app.register(authRoutes, {
    clock,
    loginLimit: { maxAttempts: 1000, windowMs: 60_000 },
    secrets,
    totpRequiredRoles: SECURITY_ROLES,
    loadGrants: accessLookups.loadGrants,
  });
  await app.register(riskRoutes, { clock, timeZone: 'Asia/Shanghai' });
  // The alert list names seals, people and requests, so the reports module serves it.
  await app.register(reportsRoutes, { clock, timeZone: 'Asia/Shanghai' });
  await app.ready();
  return app;
}

const PASSWORD = 'risk routes password 1';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`risk routes on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const sessions: Record<string, Session> = {};

    async function login(username: string, password: string): Promise<Session> {
      return signIn(app, username, password, totpCode(TEST_TOTP_SECRET, new Date(clock.ms)));
    }

    const call = (user: string, method: InjectOptions['method'], url: string, payload?: object) =>
      app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });

    const audits = (action: string) =>
      app.db
        .selectFrom('audit_log')
        .select(['actor', 'role', 'object', 'outcome'])
        .where('action', '=', action)
        .orderBy('seq')
        .execute();

    beforeAll(async () => {
      db = await kind.create();
      app = await riskApp(db, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await storeTestTotp(app.db, secrets);
      // A security admin whose grant sits at a college, not at the school.
      const collegeAdmin = await insertUser(
        app.db,
        { username: 'college-secadmin', displayName: 'x', unitId: demo.units.csCollege, password: PASSWORD },
        new Date(clock.ms),
      );
      await app.db
        .insertInto('role_grants')
        .values({
          user_id: collegeAdmin,
          role: 'security_admin',
          org_unit_id: demo.units.csCollege,
          created_at: '',
        })
        .execute();
      await storeTestTotp(app.db, secrets, ['college-secadmin']);
      for (const a of demo.accounts) sessions[a.username] = await login(a.username, a.password);
      sessions['college-secadmin'] = await login('college-secadmin', PASSWORD);
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('lists every rule with its defaults, and changes one with an audit entry', async () => {
      const rules = (await call('secadmin', 'GET', '/api/risk/rules')).json();
      expect(rules.map((r: { id: string }) => r.id)).toEqual([
        'sensitive-words',
        'quota',
        'off-hours',
        'burst',
        'cross-unit',
        'repeated-rejections',
        'certificate-expiry',
        'file-mismatch',
      ]);
      expect(rules.find((r: { id: string }) => r.id === 'off-hours')).toEqual({
        id: 'off-hours',
        enabled: true,
        action: 'alert',
        params: { timezone: 'Asia/Shanghai', workdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
        updatedAt: null,
      });
      const body = {
        enabled: true,
        action: 'block',
        params: { perUser: { count: 5, minutes: 10 }, perSeal: { count: 50, minutes: 60 } },
      };
      const res = await call('secadmin', 'PUT', '/api/risk/rules/burst', body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ id: 'burst', ...body, updatedAt: new Date(clock.ms).toISOString() });
      expect((await call('secadmin', 'GET', '/api/risk/rules')).json()[3]).toEqual(res.json());
      expect(await audits('risk.rule.update')).toEqual([
        { actor: 'secadmin', role: 'security_admin', object: 'risk-rule:burst', outcome: 'success' },
      ]);
    });

    it('refuses parameters that do not fit the rule', async () => {
      const put = (id: string, params: object) =>
        call('secadmin', 'PUT', `/api/risk/rules/${id}`, { enabled: true, action: 'alert', params });
      expect((await put('burst', { perUser: { count: 5, minutes: 10 } })).json().code).toBe(
        'ERR_RISK_RULE_PARAMS',
      );
      expect((await put('cross-unit', { extra: 1 })).json().code).toBe('ERR_RISK_RULE_PARAMS');
      const hours = { timezone: 'Asia/Shanghai', workdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
      expect((await put('off-hours', { ...hours, timezone: 'Mars/Olympus' })).json().code).toBe(
        'ERR_RISK_RULE_PARAMS',
      );
      expect((await put('off-hours', { ...hours, start: '18:00', end: '08:00' })).json().code).toBe(
        'ERR_RISK_RULE_PARAMS',
      );
      const unknown = await put('no-such-rule', {});
      expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'ERR_VALIDATION']);
      expect((await put('off-hours', { ...hours, start: '08:30' })).statusCode).toBe(200);
    });

    it('keeps the sensitive-word list, refusing a word already on it in another case or spacing', async () => {
      const added = await call('secadmin', 'POST', '/api/risk/sensitive-words', { word: ' Top Secret ' });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({ word: 'Top Secret', createdBy: 'secadmin' });
      const again = await call('secadmin', 'POST', '/api/risk/sensitive-words', { word: 'topsecret' });
      expect([again.statusCode, again.json().code]).toEqual([409, 'ERR_RISK_WORD_EXISTS']);
      expect(
        (await call('secadmin', 'POST', '/api/risk/sensitive-words', { word: '内部资料' })).statusCode,
      ).toBe(201);
      const list = (await call('secadmin', 'GET', '/api/risk/sensitive-words')).json();
      expect(list.map((w: { word: string }) => w.word)).toEqual(['Top Secret', '内部资料']);
      const id = added.json().id;
      expect((await call('secadmin', 'DELETE', `/api/risk/sensitive-words/${id}`)).statusCode).toBe(204);
      expect((await call('secadmin', 'DELETE', `/api/risk/sensitive-words/${id}`)).json().code).toBe(
        'ERR_NOT_FOUND',
      );
      expect((await audits('risk.word.add')).map((a) => a.actor)).toEqual(['secadmin', 'secadmin']);
      expect(await audits('risk.word.delete')).toEqual([
        { actor: 'secadmin', role: 'security_admin', object: `risk-word:${id}`, outcome: 'success' },
      ]);
    });

    it('replaces the holiday calendar as a whole, refusing repeated or impossible dates', async () => {
      const holidays = [
        { date: '2026-10-01', name: '国庆节', workday: false },
        { date: '2026-09-27', name: '国庆节调休', workday: true },
      ];
      const res = await call('secadmin', 'PUT', '/api/risk/holidays', { holidays });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual([holidays[1], holidays[0]]);
      const twice = await call('secadmin', 'PUT', '/api/risk/holidays', {
        holidays: [holidays[0], holidays[0]],
      });
      expect(twice.json().code).toBe('ERR_VALIDATION');
      const feb30 = await call('secadmin', 'PUT', '/api/risk/holidays', {
        holidays: [{ date: '2026-02-30', name: 'x', workday: false }],
      });
      expect(feb30.json().code).toBe('ERR_VALIDATION');
      expect((await call('secadmin', 'GET', '/api/risk/holidays')).json()).toEqual([
        holidays[1],
        holidays[0],
      ]);
      expect(await audits('risk.holidays.replace')).toHaveLength(1);
    });

    it('lists alerts by status, rule and time, newest first, a page at a time; acknowledges and resolves them', async () => {
      const at = (iso: string) => () => new Date(iso);
      const who = { actor: { actor: 'creator' } };
      await recordRiskFindings(
        app.db,
        [{ rule: 'off-hours', action: 'alert', severity: 'medium', details: { reason: 'holiday' } }],
        who,
        at('2026-09-01T01:00:00.000Z'),
      );
      await recordRiskFindings(
        app.db,
        [{ rule: 'burst', action: 'alert', severity: 'medium', details: { scope: 'user' } }],
        who,
        at('2026-09-01T02:00:00.000Z'),
      );
      await recordRiskFindings(
        app.db,
        [{ rule: 'sensitive-words', action: 'block', severity: 'high', details: { words: ['机密'] } }],
        { ...who, sealId: 'seal-x', documentSha256: 'd'.repeat(64) },
        at('2026-09-01T03:00:00.000Z'),
      );
      const list = async (q: string) =>
        (await call('secadmin', 'GET', `/api/risk/alerts${q}`)).json().map((a: { rule: string }) => a.rule);
      expect(await list('')).toEqual(['sensitive-words', 'burst', 'off-hours']);
      expect(await list('?rule=burst')).toEqual(['burst']);
      expect(await list('?from=2026-09-01T02:00:00.000Z')).toEqual(['sensitive-words', 'burst']);
      expect(await list('?to=2026-09-01T02:00:00.000Z')).toEqual(['off-hours']);
      const page1 = (await call('secadmin', 'GET', '/api/risk/alerts?limit=2')).json();
      expect(page1.map((a: { rule: string }) => a.rule)).toEqual(['sensitive-words', 'burst']);
      expect(await list(`?limit=2&after=${page1[1].id}`)).toEqual(['off-hours']);
      expect(page1[0]).toMatchObject({
        status: 'open',
        severity: 'high',
        sealId: 'seal-x',
        documentSha256: 'd'.repeat(64),
        details: { words: ['机密'], action: 'block' },
        notes: [],
      });

      const id = page1[0].id;
      const ack = await call('secadmin', 'POST', `/api/risk/alerts/${id}/acknowledge`, {
        note: '已联系经办人',
      });
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json()).toMatchObject({
        status: 'acknowledged',
        notes: [{ at: new Date(clock.ms).toISOString(), by: 'secadmin', text: '已联系经办人' }],
      });
      const twice = await call('secadmin', 'POST', `/api/risk/alerts/${id}/acknowledge`, { note: 'again' });
      expect([twice.statusCode, twice.json().code]).toEqual([409, 'ERR_RISK_ALERT_STATE']);
      const resolved = await call('secadmin', 'POST', `/api/risk/alerts/${id}/resolve`, {
        note: '误报，文件已更正',
      });
      expect(resolved.json().status).toBe('resolved');
      expect(resolved.json().notes.map((n: { text: string }) => n.text)).toEqual([
        '已联系经办人',
        '误报，文件已更正',
      ]);
      expect(
        (await call('secadmin', 'POST', `/api/risk/alerts/${id}/resolve`, { note: 'x' })).json().code,
      ).toBe('ERR_RISK_ALERT_STATE');
      // An open alert may be resolved directly.
      expect(
        (await call('secadmin', 'POST', `/api/risk/alerts/${page1[1].id}/resolve`, { note: 'ok' }))
          .statusCode,
      ).toBe(200);
      expect(await list('?status=resolved')).toEqual(['sensitive-words', 'burst']);
      expect(await list('?status=open')).toEqual(['off-hours']);
      expect(
        (await call('secadmin', 'POST', '/api/risk/alerts/nope/resolve', { note: 'x' })).json().code,
      ).toBe('ERR_NOT_FOUND');
      expect((await call('secadmin', 'POST', `/api/risk/alerts/${id}/resolve`, {})).json().code).toBe(
        'ERR_VALIDATION',
      );
      expect(await audits('risk.alert.acknowledge')).toEqual([
        { actor: 'secadmin', role: 'security_admin', object: `risk-alert:${id}`, outcome: 'success' },
      ]);
      expect(await audits('risk.alert.resolve')).toHaveLength(2);
    });

    it('refuses everyone but a school-level security admin, on reads and changes alike', async () => {
      const requests: [InjectOptions['method'], string, object?][] = [
        ['GET', '/api/risk/alerts'],
        ['POST', '/api/risk/alerts/x/acknowledge', { note: 'n' }],
        ['POST', '/api/risk/alerts/x/resolve', { note: 'n' }],
        ['GET', '/api/risk/rules'],
        ['PUT', '/api/risk/rules/quota', { enabled: false, action: 'alert', params: { warnLastUse: false } }],
        ['GET', '/api/risk/sensitive-words'],
        ['POST', '/api/risk/sensitive-words', { word: '禁止' }],
        ['DELETE', '/api/risk/sensitive-words/x'],
        ['GET', '/api/risk/holidays'],
        ['PUT', '/api/risk/holidays', { holidays: [] }],
      ];
      const got: string[] = [];
      for (const [method, url, payload] of requests) {
        for (const user of [
          'sysadmin',
          'auditor',
          'sealadmin',
          'creator',
          'bizauditor',
          'student',
          'college-secadmin',
        ]) {
          const res = await call(user, method, url, payload);
          got.push(`${user} ${method} ${url}: ${res.json().code}`);
        }
        const anonymous = await app.inject({ method, url, ...(payload ? { payload } : {}) });
        got.push(`anonymous ${method} ${url}: ${anonymous.json().code}`);
      }
      const expected = requests.flatMap(([method, url]) => [
        ...['sysadmin', 'auditor', 'sealadmin', 'creator', 'bizauditor', 'student'].map(
          (u) => `${u} ${method} ${url}: ERR_FORBIDDEN`,
        ),
        `college-secadmin ${method} ${url}: ERR_FORBIDDEN_SCOPE`,
        `anonymous ${method} ${url}: ERR_UNAUTHENTICATED`,
      ]);
      expect(got).toEqual(expected);
      // None of the refused changes happened.
      expect((await call('secadmin', 'GET', '/api/risk/rules')).json()[1]).toMatchObject({
        id: 'quota',
        enabled: true,
      });
    });
  });
}
