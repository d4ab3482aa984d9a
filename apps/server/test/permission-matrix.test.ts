import { ROLES, type Role, routes, SECURITY_ROLES } from '@openseal/contract';
import Fastify, { type InjectOptions } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLookups } from '../src/access-lookups.ts';
import { insertUser } from '../src/modules/users/users-service.ts';
import { authorizePlugin } from '../src/plugins/authorize.ts';
import { routeScopes } from '../src/route-scopes.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from './identity-fixture.ts';
import { CONTRACT_INVITATIONS_EXPECTATIONS } from './matrix-contract-invitations.ts';
import { CONTRACT_TEMPLATES_EXPECTATIONS } from './matrix-contract-templates.ts';
import { CONTRACTS_EXPECTATIONS } from './matrix-contracts.ts';
import { CREDENTIAL_DATA_EXPECTATIONS } from './matrix-credential-data.ts';
import { CREDENTIAL_ISSUE_EXPECTATIONS } from './matrix-credential-issue.ts';
import { CREDENTIAL_JOB_EXPECTATIONS } from './matrix-credential-jobs.ts';
import { DIRECTORY_EXPECTATIONS } from './matrix-directory.ts';
import { IM_APPS_EXPECTATIONS } from './matrix-im-apps.ts';
import { INTEGRATION_EXPECTATIONS } from './matrix-integrations.ts';
import { MESSAGES_EXPECTATIONS } from './matrix-messages.ts';
import { SERVICE_API_EXPECTATIONS } from './matrix-service-api.ts';
import { SSO_EXPECTATIONS } from './matrix-sso.ts';
import type { Expectation } from './permission-expectation.ts';
import { sealUseRequest, stampRequestRequest } from './seal-use-request.ts';

const PASSWORD = 'matrix password 1';
const SEAL_READERS: readonly Role[] = ['seal_admin', 'unit_leader', 'business_creator', 'business_auditor'];
/** Answers that mean the access hook refused; anything else below 500 means it let the request through. */
const DENIALS = new Set([
  'ERR_UNAUTHENTICATED',
  'ERR_CSRF',
  'ERR_FORBIDDEN',
  'ERR_FORBIDDEN_SCOPE',
  'ERR_TOTP_ENROLMENT_REQUIRED',
]);

/**
 * The declared answer for every route. A route registered without an entry here, or an entry for a
 * route that no longer exists, fails the first test.
 */
const EXPECTATIONS: Record<string, Expectation> = {
  'GET /health': { kind: 'public', allow: [], request: () => ({}) },
  'GET /health/live': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/login': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/public/verify': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/public/school': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/public/school/logo': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/public/time-zone': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/logout': {
    kind: 'session',
    allow: ROLES,
    freshSession: true,
    request: () => ({ method: 'POST', url: '/api/auth/logout' }),
  },
  'POST /api/auth/totp': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'POST', url: '/api/auth/totp' }),
  },
  'POST /api/auth/totp/confirm': {
    kind: 'session',
    allow: ROLES,
    // Authorised callers get past the hook and fail on the code: ERR_TOTP_INVALID, not a denial.
    request: () => ({ method: 'POST', url: '/api/auth/totp/confirm', payload: { code: '000000' } }),
  },
  'GET /api/auth/me': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/auth/me' }),
  },
  'POST /api/auth/totp/replace': {
    kind: 'session',
    allow: ROLES,
    // Past the hook: a new pending secret (not enrolled) or ERR_PASSWORD_WRONG.
    request: () => ({
      method: 'POST',
      url: '/api/auth/totp/replace',
      payload: { password: 'not the password', code: '000000' },
    }),
  },
  'POST /api/auth/password': {
    kind: 'session',
    allow: ROLES,
    // Past the hook: ERR_PASSWORD_WRONG.
    request: () => ({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not the password', newPassword: 'a new password 123' },
    }),
  },
  'GET /api/auth/password-resets': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/auth/password-resets' }),
  },
  'POST /api/auth/password-resets/:id/reveal': {
    kind: 'session',
    allow: ROLES,
    // Past the hook: ERR_NOT_FOUND, the reset is not addressed to the caller.
    request: () => ({ method: 'POST', url: '/api/auth/password-resets/no-such-reset/reveal' }),
  },
  'GET /api/users/role-conflicts': {
    kind: 'none',
    allow: ['security_auditor'],
    request: () => ({ method: 'GET', url: '/api/users/role-conflicts' }),
  },
  'GET /api/org/units': {
    kind: 'none',
    allow: ROLES.filter((r) => r !== 'security_auditor'),
    request: () => ({ method: 'GET', url: '/api/org/units' }),
  },
  'POST /api/org/units': {
    kind: 'unit',
    allow: ['system_admin'],
    request: (t) => ({
      method: 'POST',
      url: '/api/org/units',
      payload: { parentId: t.unitId, nameZh: `系${t.n}`, nameEn: `Dept ${t.n}`, kind: 'unit' },
    }),
  },
  'GET /api/users': {
    kind: 'unit',
    allow: ['system_admin', 'security_admin'],
    request: (t) => ({ method: 'GET', url: `/api/users?unitId=${t.unitId}` }),
  },
  'POST /api/users': {
    kind: 'unit',
    allow: ['system_admin'],
    request: (t) => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: `mx${t.n}`, displayName: 'x', unitId: t.unitId, password: PASSWORD },
    }),
  },
  'POST /api/users/:id/password': {
    kind: 'unit',
    allow: ['system_admin'],
    request: (t) => ({
      method: 'POST',
      url: `/api/users/${t.userId}/password`,
      payload: {},
    }),
  },
  'POST /api/users/:id/roles': {
    kind: 'unit',
    allow: ['security_admin'],
    request: (t) => ({
      method: 'POST',
      url: `/api/users/${t.userId}/roles`,
      payload: { role: 'member', orgUnitId: t.unitId },
    }),
  },
  'DELETE /api/users/:id/roles': {
    kind: 'unit',
    allow: ['security_admin'],
    request: (t) => ({
      method: 'DELETE',
      url: `/api/users/${t.userId}/roles?role=member&orgUnitId=${t.unitId}`,
    }),
  },
  'GET /api/seals': {
    kind: 'unit',
    allow: SEAL_READERS,
    request: (t) => ({ method: 'GET', url: `/api/seals?unitId=${t.unitId}` }),
  },
  'GET /api/seals/:id': {
    kind: 'unit',
    allow: SEAL_READERS,
    request: (t) => ({ method: 'GET', url: `/api/seals/${t.sealId}` }),
  },
  'POST /api/seals/:id/use': {
    // The seal's grants are its scope (useSeal): past the hook ERR_SEAL_NOT_GRANTED / ERR_SEAL_PHYSICAL, never a key.
    kind: 'none',
    allow: ['business_creator'],
    request: (t) =>
      sealUseRequest(t.sealId, {
        pdf: Buffer.from('%PDF-1.7'),
        placement: { kind: 'page', page: 1, x: 100, y: 100 },
        documentType: 'other',
        purpose: 'matrix',
      }),
  },
  'GET /api/seals/usable': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({ method: 'GET', url: '/api/seals/usable' }),
  },
  'GET /api/seals/:id/image': {
    kind: 'none',
    allow: SEAL_READERS,
    request: (t) => ({ method: 'GET', url: `/api/seals/${t.sealId}/image` }),
  },
  'GET /api/seals/requestable': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({ method: 'GET', url: '/api/seals/requestable' }),
  },
  'GET /api/seals/grantees': {
    kind: 'unit',
    allow: ['seal_admin'],
    request: (t) => ({ method: 'GET', url: `/api/seals/grantees?unitId=${t.unitId}` }),
  },
  'GET /api/seals/:id/grants': {
    kind: 'unit',
    allow: SEAL_READERS,
    request: (t) => ({ method: 'GET', url: `/api/seals/${t.sealId}/grants` }),
  },
  'DELETE /api/seals/:id/grants/:grantId': {
    kind: 'unit',
    // Past the hook a seal admin meets ERR_NOT_FOUND: the grant does not exist.
    allow: ['seal_admin'],
    request: (t) => ({ method: 'DELETE', url: `/api/seals/${t.sealId}/grants/no-such-grant` }),
  },
  'GET /api/seals/:id/trajectory': {
    kind: 'unit',
    allow: SEAL_READERS,
    request: (t) => ({ method: 'GET', url: `/api/seals/${t.sealId}/trajectory` }),
  },
  'POST /api/requests/use': {
    kind: 'none',
    // Past the hook: ERR_NOT_FOUND for the made-up seal.
    allow: ['business_creator'],
    request: () => ({
      method: 'POST',
      url: '/api/requests/use',
      payload: {
        type: 'seal.use',
        payload: {
          sealId: 'no-such-seal',
          documentType: 'contract',
          purpose: 'matrix',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 100, y: 100 },
        },
        file: { uploadId: 'no-such-upload' },
      },
    }),
  },
  'POST /api/requests/seal': {
    kind: 'unit',
    // Past the hook: ERR_SEAL_STATE or ERR_FLOW_NO_APPROVER (the matrix org has no unit leader).
    allow: ['seal_admin'],
    request: (t) => ({
      method: 'POST',
      url: '/api/requests/seal',
      payload: { type: 'seal.suspend', payload: { sealId: t.sealId, reason: 'matrix' } },
    }),
  },
  'GET /api/requests': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/requests?view=mine' }),
  },
  'GET /api/requests/:id': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/requests/no-such-request' }),
  },
  'POST /api/requests/:id/act': {
    kind: 'session',
    allow: ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/requests/no-such-request/act',
      payload: { action: 'withdraw' },
    }),
  },
  'POST /api/uploads': {
    kind: 'session',
    allow: ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/uploads?name=a.pdf',
      headers: { 'content-type': 'application/pdf' },
      payload: '%PDF-1.7',
    }),
  },
  'POST /api/requests/:id/resubmit': {
    kind: 'session',
    allow: ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/requests/no-such-request/resubmit',
      payload: { payload: {} },
    }),
  },
  'POST /api/requests/:id/stamp': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => stampRequestRequest('no-such-request'),
  },
  'GET /api/requests/:id/files/:fileId': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/requests/no-such-request/files/no-such-file' }),
  },
  'GET /api/requests/:id/sealed/:ledgerId': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/requests/no-such-request/sealed/no-such-copy' }),
  },
  ...Object.fromEntries(
    (['checkout', 'return'] as const).map((step) => [
      `POST /api/requests/:id/${step}`,
      {
        // Scoped to the request's seal's unit (approvals.test); the matrix has no request, so a seal
        // admin gets past the permission check to ERR_NOT_FOUND and everyone else is refused first.
        kind: 'none',
        allow: ['seal_admin'],
        request: () => ({ method: 'POST', url: `/api/requests/no-such-request/${step}` }),
      } satisfies Expectation,
    ]),
  ),
  'GET /api/requests/:id/diff': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/requests/no-such-request/diff' }),
  },
  'GET /api/flows': {
    kind: 'root',
    allow: ['seal_admin'],
    request: () => ({ method: 'GET', url: '/api/flows' }),
  },
  'PUT /api/flows/:type': {
    kind: 'root',
    allow: ['seal_admin'],
    request: () => ({
      method: 'PUT',
      url: '/api/flows/seal.suspend',
      payload: {
        name: 'matrix',
        definition: {
          stages: [
            {
              name: 'one',
              steps: [
                {
                  id: 's',
                  name: 's',
                  approvers: [{ kind: 'role', role: 'unit_leader', at: 'seal-unit', nearest: true }],
                  mode: 'any',
                },
              ],
            },
          ],
        },
      },
    }),
  },
  'GET /api/delegations': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/delegations' }),
  },
  'POST /api/delegations': {
    kind: 'session',
    allow: ROLES,
    // Past the hook: ERR_VALIDATION (the window is in the past).
    request: (t) => ({
      method: 'POST',
      url: '/api/delegations',
      payload: { toUserId: t.userId, startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' },
    }),
  },
  'DELETE /api/delegations/:id': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'DELETE', url: '/api/delegations/no-such-delegation' }),
  },
  'GET /api/notifications': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/notifications' }),
  },
  'POST /api/notifications/read': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'POST', url: '/api/notifications/read' }),
  },
  'GET /api/risk/alerts': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'GET', url: '/api/risk/alerts' }),
  },
  'POST /api/risk/alerts/:id/acknowledge': {
    // Past the hook the security admin meets ERR_NOT_FOUND: no such alert.
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({
      method: 'POST',
      url: '/api/risk/alerts/no-such-alert/acknowledge',
      payload: { note: 'matrix' },
    }),
  },
  'POST /api/risk/alerts/:id/resolve': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({
      method: 'POST',
      url: '/api/risk/alerts/no-such-alert/resolve',
      payload: { note: 'matrix' },
    }),
  },
  'GET /api/risk/rules': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'GET', url: '/api/risk/rules' }),
  },
  'PUT /api/risk/rules/:id': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({
      method: 'PUT',
      url: '/api/risk/rules/quota',
      payload: { enabled: true, action: 'alert', params: { warnLastUse: true } },
    }),
  },
  'GET /api/risk/sensitive-words': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'GET', url: '/api/risk/sensitive-words' }),
  },
  'POST /api/risk/sensitive-words': {
    kind: 'root',
    allow: ['security_admin'],
    request: (t) => ({ method: 'POST', url: '/api/risk/sensitive-words', payload: { word: `矩阵词${t.n}` } }),
  },
  'DELETE /api/risk/sensitive-words/:id': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'DELETE', url: '/api/risk/sensitive-words/no-such-word' }),
  },
  'GET /api/risk/holidays': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'GET', url: '/api/risk/holidays' }),
  },
  'PUT /api/risk/holidays': {
    kind: 'root',
    allow: ['security_admin'],
    request: () => ({ method: 'PUT', url: '/api/risk/holidays', payload: { holidays: [] } }),
  },
  'GET /api/reports/summary': {
    kind: 'unit',
    allow: ['seal_admin', 'unit_leader', 'business_auditor'],
    request: (t) => ({
      method: 'GET',
      url: `/api/reports/summary?unitId=${t.unitId}&from=2026-09-01&to=2026-09-30`,
    }),
  },
  'GET /api/reports/sealed.csv': {
    kind: 'unit',
    allow: ['seal_admin', 'unit_leader', 'business_auditor'],
    request: (t) => ({
      method: 'GET',
      url: `/api/reports/sealed.csv?unitId=${t.unitId}&from=2026-09-01&to=2026-09-30`,
    }),
  },
  'GET /api/audit': {
    kind: 'root',
    allow: ['security_auditor'],
    request: () => ({ method: 'GET', url: '/api/audit' }),
  },
  'PUT /api/school/name': {
    kind: 'root',
    allow: ['system_admin'],
    request: (t) => ({
      method: 'PUT',
      url: '/api/school/name',
      payload: { nameZh: `示范大学${t.n}`, nameEn: `Demo University ${t.n}` },
    }),
  },
  'POST /api/school/logo': {
    kind: 'root',
    allow: ['system_admin'],
    request: () => ({
      method: 'POST',
      url: '/api/school/logo',
      headers: { 'content-type': 'image/svg+xml' },
      payload: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
    }),
  },
  'GET /api/audit/verify': {
    kind: 'root',
    allow: ['security_auditor'],
    request: () => ({ method: 'GET', url: '/api/audit/verify' }),
  },
  'GET /api/audit/export': {
    kind: 'root',
    allow: ['security_auditor'],
    request: () => ({ method: 'GET', url: '/api/audit/export' }),
  },
  ...CREDENTIAL_DATA_EXPECTATIONS,
  ...CREDENTIAL_ISSUE_EXPECTATIONS,
  ...CREDENTIAL_JOB_EXPECTATIONS,
  ...SERVICE_API_EXPECTATIONS,
  ...DIRECTORY_EXPECTATIONS,
  ...SSO_EXPECTATIONS,
  ...INTEGRATION_EXPECTATIONS,
  ...IM_APPS_EXPECTATIONS,
  ...MESSAGES_EXPECTATIONS,
  ...CONTRACTS_EXPECTATIONS,
  ...CONTRACT_INVITATIONS_EXPECTATIONS,
  ...CONTRACT_TEMPLATES_EXPECTATIONS,
};

type Case =
  | 'root grant, target in college A'
  | 'college A grant, target in A'
  | 'college A grant, target in B';
const CASES: readonly Case[] = [
  'root grant, target in college A',
  'college A grant, target in A',
  'college A grant, target in B',
];

/**
 * Every pair of different roles held by one person at the school. Assignment refuses the pairs that
 * break 三员分立, so these are written to the data directly, as a restore or a database user could.
 */
const COMBOS: readonly (readonly [Role, Role])[] = ROLES.flatMap((a, i) =>
  ROLES.slice(i + 1).map((b) => [a, b] as const),
);
const comboUser = ([a, b]: readonly [Role, Role]) => `c-${a}-${b}`;

/**
 * The roles whose permissions count for a combination, stated as the rule reads: beside a security
 * role no business role counts, and two different security roles cancel each other.
 */
function honouredRoles(combo: readonly [Role, Role]): readonly Role[] {
  const security = combo.filter((r) => (SECURITY_ROLES as readonly Role[]).includes(r));
  if (security.length === 2) return [];
  return security.length === 1 ? security : combo;
}

function inScope(kind: Expectation['kind'], c: Case): boolean {
  if (kind === 'public' || kind === 'session' || kind === 'none') return true;
  if (c === 'root grant, target in college A') return true;
  return kind === 'unit' && c === 'college A grant, target in A';
}

function withSession(req: InjectOptions, s: Session): InjectOptions {
  return { ...req, headers: { ...as(s).headers, ...(req.headers ?? {}) } };
}

describe('route registration', () => {
  it('fails for a route that declares neither a permission nor public access', async () => {
    const app = Fastify();
    await app.register(fp(async () => {}, { name: 'db' }));
    await app.register(authorizePlugin, {
      clock: () => new Date(),
      totpRequiredRoles: [],
      scopes: routeScopes,
      ...accessLookups,
    });
    const register = async () => {
      await app.register(async (child) => {
        child.get('/api/undeclared', async () => 'open');
      });
      await app.ready();
    };
    await expect(register()).rejects.toThrow('GET /api/undeclared declares no config.access');
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`permission matrix on ${kind.name}`, () => {
    let f: IdentityFixture;
    const sessions = new Map<string, Session>();
    const targets: Record<'A' | 'B', { unitId: string; userId: string; sealId: string }> = {
      A: { unitId: '', userId: '', sealId: '' },
      B: { unitId: '', userId: '', sealId: '' },
    };

    beforeAll(async () => {
      f = await identityFixture(kind);
      const { school, csCollege, languagesCollege } = f.demo.units;
      const now = new Date(f.clock.ms);
      await f.app.db.transaction().execute(async (trx) => {
        for (const [key, unitId] of [
          ['A', csCollege],
          ['B', languagesCollege],
        ] as const) {
          const userId = await insertUser(
            trx,
            { username: `target-${key}`, displayName: key, unitId, password: PASSWORD },
            now,
          );
          const sealId = `seal-${key}`;
          await trx
            .insertInto('seals')
            .values({
              id: sealId,
              name: `seal ${key}`,
              type: 'business',
              owner_unit_id: unitId,
              status: 'active',
              custodian_user_id: null,
              physical: 1,
              seal_spec: JSON.stringify({ kind: 'round', orgName: '示范大学' }),
              certificate: null,
              certificate_serial: null,
              key_envelope: null,
              created_at: now.toISOString(),
            })
            .execute();
          targets[key] = { unitId, userId, sealId };
        }
        for (const role of ROLES) {
          for (const [at, unitId] of [
            ['root', school],
            ['A', csCollege],
          ] as const) {
            const userId = await insertUser(
              trx,
              { username: `m-${role}-${at}`, displayName: role, unitId, password: PASSWORD },
              now,
            );
            await trx
              .insertInto('role_grants')
              .values({ user_id: userId, role, org_unit_id: unitId, created_at: now.toISOString() })
              .execute();
          }
        }
      });
      await f.app.db.transaction().execute(async (trx) => {
        for (const combo of COMBOS) {
          const userId = await insertUser(
            trx,
            { username: comboUser(combo), displayName: combo.join('+'), unitId: school, password: PASSWORD },
            now,
          );
          await trx
            .insertInto('role_grants')
            .values(combo.map((role) => ({ user_id: userId, role, org_unit_id: school, created_at: '' })))
            .execute();
        }
      });
      for (const role of SECURITY_ROLES) for (const at of ['root', 'A']) await f.enrolTotp(`m-${role}-${at}`);
      for (const combo of COMBOS)
        if (combo.some((r) => (SECURITY_ROLES as readonly Role[]).includes(r)))
          await f.enrolTotp(comboUser(combo));
      for (const role of ROLES) {
        for (const at of ['root', 'A'])
          sessions.set(`${role}-${at}`, await f.login(`m-${role}-${at}`, PASSWORD));
      }
    });
    afterAll(() => f?.close());

    it('has exactly one expectation per registered route, of the declared kind', () => {
      // The route table is the list of routes; the server registers exactly it.
      const table = Object.values(routes)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      expect(table).toEqual(Object.keys(EXPECTATIONS).sort());
      const registered = f.app.accessRoutes.map((r) => `${r.method} ${r.url}`).sort();
      expect(registered).toEqual(table);
      for (const route of Object.values(routes).map((r) => ({ ...r, url: r.path }))) {
        const exp = EXPECTATIONS[`${route.method} ${route.url}`] as Expectation;
        const declared =
          'public' in route.access
            ? 'public'
            : 'session' in route.access
              ? 'session'
              : 'service' in route.access
                ? 'service'
                : 'permission';
        expect(declared, `${route.method} ${route.url}`).toBe(
          exp.kind === 'public' || exp.kind === 'session' || exp.kind === 'service' ? exp.kind : 'permission',
        );
      }
    });

    it('refuses every non-public route without a session', async () => {
      let n = 0;
      for (const [key, exp] of Object.entries(EXPECTATIONS)) {
        if (exp.kind === 'public') continue;
        const res = await f.app.inject(exp.request({ ...targets.A, n: n++ }));
        expect(res.statusCode, key).toBe(401);
      }
    });

    it('refuses every service route to every session: those take a service key only', async () => {
      let n = 0;
      for (const [key, exp] of Object.entries(EXPECTATIONS)) {
        if (exp.kind !== 'service') continue;
        for (const role of ROLES) {
          const res = await f.app.inject(
            withSession(exp.request({ ...targets.A, n: n++ }), sessions.get(`${role}-root`) as Session),
          );
          expect(res.json().code, `${key} as ${role}`).toBe('ERR_SERVICE_KEY_REQUIRED');
        }
      }
    });

    it('gives each role exactly the declared answer on every route, in and out of scope', async () => {
      let n = 0;
      const mismatches: string[] = [];
      for (const [key, exp] of Object.entries(EXPECTATIONS)) {
        if (exp.kind === 'public' || exp.kind === 'service') continue;
        for (const role of ROLES) {
          for (const c of CASES) {
            const at = c.startsWith('root') ? 'root' : 'A';
            const target = c.endsWith('in B') ? targets.B : targets.A;
            const session = exp.freshSession
              ? await f.login(`m-${role}-${at}`, PASSWORD)
              : (sessions.get(`${role}-${at}`) as Session);
            const res = await f.app.inject(withSession(exp.request({ ...target, n: n++ }), session));
            const roleOk = exp.allow.includes(role);
            const expected = !roleOk
              ? 'ERR_FORBIDDEN'
              : inScope(exp.kind, c)
                ? 'allowed'
                : 'ERR_FORBIDDEN_SCOPE';
            const code = res.statusCode < 400 ? null : (res.json().code as string);
            const got = code === null || (res.statusCode < 500 && !DENIALS.has(code)) ? 'allowed' : code;
            if (got !== expected)
              mismatches.push(`${key} as ${role} (${c}): expected ${expected}, got ${got}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    }, 300_000);

    it('gives each pair of roles held together the answer of the roles that count, on every route', async () => {
      let n = 10_000;
      const mismatches: string[] = [];
      const sessionsOf = new Map<string, Session>();
      for (const combo of COMBOS) sessionsOf.set(comboUser(combo), await f.login(comboUser(combo), PASSWORD));
      for (const [key, exp] of Object.entries(EXPECTATIONS)) {
        if (exp.kind === 'public' || exp.kind === 'service') continue;
        for (const combo of COMBOS) {
          const session = exp.freshSession
            ? await f.login(comboUser(combo), PASSWORD)
            : (sessionsOf.get(comboUser(combo)) as Session);
          const res = await f.app.inject(withSession(exp.request({ ...targets.A, n: n++ }), session));
          const honoured = honouredRoles(combo);
          const expected =
            exp.kind === 'session' || honoured.some((r) => exp.allow.includes(r))
              ? 'allowed'
              : 'ERR_FORBIDDEN';
          const code = res.statusCode < 400 ? null : (res.json().code as string);
          const got = code === null || (res.statusCode < 500 && !DENIALS.has(code)) ? 'allowed' : code;
          if (got !== expected)
            mismatches.push(`${key} as ${combo.join('+')}: expected ${expected}, got ${got}`);
        }
      }
      expect(mismatches).toEqual([]);
    }, 300_000);
  });
}
