import { ERROR_CODES } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENT_USERNAME_RECORD } from '../src/demo/credentials/sample-people.ts';
import { totpOwner } from '../src/modules/auth/secret-box.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, userIdOf } from './identity-fixture.ts';
import { type OidcTestProvider, startOidcTestProvider } from './oidc-test-provider.ts';
import { APP_ORIGIN, browserGet, setCookie, walkProviderPages } from './sso-browser.ts';

const STUDENT_NO = DEMO_STUDENT_USERNAME_RECORD.student.studentNo;
const SECADMIN_NO = 'T2026000007';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`single sign-on with OpenID Connect on ${kind.name}`, () => {
    let f: IdentityFixture;
    let op: OidcTestProvider;
    beforeAll(async () => {
      f = await identityFixture(kind);
      op = await startOidcTestProvider({
        redirectUris: [`${APP_ORIGIN}/api/auth/sso/campus/callback`],
        postLogoutRedirectUris: [`${APP_ORIGIN}/login`],
        accounts: [
          { sub: 'u-student', claims: { student_id: STUDENT_NO, unit: '计算机学院', name: '示范学生' } },
          { sub: 'u-new', claims: { student_id: '2026990001', unit: '计算机学院', name: '新生甲' } },
          { sub: 'u-elsewhere', claims: { student_id: '2026990002', unit: '火星学院', name: '新生乙' } },
          { sub: 'u-secadmin', claims: { student_id: SECADMIN_NO, unit: '学校', name: '安全管理员' } },
        ],
      });
      // Configured as the system admin does it, through the console's API.
      const saved = await f.app.inject({
        method: 'PUT',
        url: '/api/auth/sso/settings/campus',
        ...as(await f.login('sysadmin')),
        payload: {
          kind: 'oidc',
          name: '统一身份认证',
          enabled: true,
          url: op.issuer,
          clientId: op.clientId,
          clientSecret: op.clientSecret,
          scopes: 'openid profile campus',
          claims: { campusId: 'student_id', unit: 'unit', name: 'name' },
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      for (const [username, campusId] of [
        ['student', STUDENT_NO],
        ['secadmin', SECADMIN_NO],
      ] as const)
        await f.app.db
          .updateTable('users')
          .set({ campus_id: campusId })
          .where('username', '=', username)
          .execute();
    });
    afterAll(async () => {
      await f?.close();
      await op?.close();
    });

    /** Starts at OpenSeal, signs in at the provider as `sub`, lands on the callback; `meddle` runs before it. */
    const signInAs = async (sub: string, meddle?: (callback: URL, state: string) => Promise<URL> | URL) => {
      const start = await browserGet(f.app, '/api/auth/sso/campus/start', []);
      expect(start.statusCode, start.body).toBe(302);
      const ssoCookie = setCookie(start, 'openseal_sso');
      expect(ssoCookie).not.toBeNull();
      const location = new URL(String(start.headers.location));
      expect(location.origin).toBe(op.issuer);
      expect(location.searchParams.get('code_challenge_method')).toBe('S256');
      let callback = new URL(await walkProviderPages(location.toString(), { login: sub, password: 'any' }));
      if (meddle) callback = await meddle(callback, (ssoCookie as string).split('=')[1] as string);
      const res = await browserGet(f.app, callback.toString(), [ssoCookie]);
      return { res, ssoCookie, session: setCookie(res, 'openseal_session') };
    };
    const me = (session: string | null) => browserGet(f.app, '/api/auth/me', [session]);

    it('lists the enabled provider for the sign-in page, without its secret', async () => {
      const res = await browserGet(f.app, '/api/auth/sso/providers', []);
      expect(res.json()).toEqual([{ id: 'campus', kind: 'oidc', name: '统一身份认证' }]);
      expect(res.body).not.toContain(op.clientSecret);
      const row = await f.app.db.selectFrom('sso_providers').selectAll().executeTakeFirstOrThrow();
      expect(row.client_secret_box).not.toContain(op.clientSecret);
    });

    it('lets only the system admin configure providers; the secret is never returned, and the change is audited', async () => {
      const sys = await f.login('sysadmin');
      const list = await f.app.inject({ method: 'GET', url: '/api/auth/sso/settings', ...as(sys) });
      expect(list.json()).toMatchObject([
        { id: 'campus', kind: 'oidc', clientSecretSet: true, callbackPath: '/api/auth/sso/campus/callback' },
      ]);
      expect(list.body).not.toContain(op.clientSecret);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select(['actor', 'role', 'object'])
        .where('action', '=', 'sso.provider.create')
        .execute();
      expect(audit).toEqual([
        { actor: 'sysadmin', role: 'system_admin', object: 'sso:campus kind:oidc enabled:true secret:set' },
      ]);
      for (const username of ['secadmin', 'student']) {
        const res = await f.app.inject({
          method: 'PUT',
          url: '/api/auth/sso/settings/other',
          ...as(await f.login(username)),
          payload: {
            kind: 'cas',
            name: 'x',
            enabled: true,
            url: 'https://cas.example',
            casVersion: 3,
            claims: { campusId: 'a', unit: 'b', name: 'c' },
          },
        });
        expect(res.statusCode, username).toBe(403);
      }
      // An OIDC provider without its client id or a secret is refused, naming the fields.
      const incomplete = await f.app.inject({
        method: 'PUT',
        url: '/api/auth/sso/settings/other',
        ...as(sys),
        payload: {
          kind: 'oidc',
          name: 'x',
          enabled: false,
          url: 'https://idp.example',
          claims: { campusId: 'a', unit: 'b', name: 'c' },
        },
      });
      expect(incomplete.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        details: ['clientId', 'clientSecret', 'scopes'],
      });
    });

    it('signs the demo student in by campus ID, with a session like a password sign-in, audited', async () => {
      const { res, session } = await signInAs('u-student');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/');
      const account = await me(session);
      expect(account.statusCode).toBe(200);
      expect(account.json().user).toMatchObject({ username: 'student', unitId: f.demo.units.csCollege });
      const audit = await f.app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.sso.login')
        .where('object', '=', `user:${await userIdOf(f.app.db, 'student')}`)
        .execute();
      expect(audit.map((a) => a.outcome)).toEqual(['success']);
    });

    it('creates a person met for the first time in the unit the claims name, as a member', async () => {
      const { res, session } = await signInAs('u-new');
      expect(res.headers.location).toBe('/');
      const user = (await me(session)).json().user;
      expect(user).toMatchObject({
        username: '2026990001',
        displayName: '新生甲',
        unitId: f.demo.units.csCollege,
      });
      expect(user.grants).toEqual([{ role: 'member', orgUnitId: f.demo.units.csCollege }]);
      // The second time the same account is found by its campus ID.
      const again = await signInAs('u-new');
      expect((await me(again.session)).json().user.id).toBe(user.id);
    });

    it('refuses a person whose unit OpenSeal does not have, with a page saying why, and creates no one', async () => {
      const { res, session } = await signInAs('u-elsewhere');
      expect(res.headers.location).toBe('/login?ssoError=ERR_SSO_UNIT_UNKNOWN');
      expect(session).toBeNull();
      expect(ERROR_CODES.ERR_SSO_UNIT_UNKNOWN.zh).toContain('单位');
      const created = await f.app.db
        .selectFrom('users')
        .select('id')
        .where('campus_id', '=', '2026990002')
        .execute();
      expect(created).toEqual([]);
    });

    it('still asks a security admin for the second factor; a wrong code ends the attempt', async () => {
      const first = await signInAs('u-secadmin');
      expect(first.res.headers.location).toBe('/login?sso=totp');
      expect(first.session).toBeNull();
      const wrong = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/second-factor',
        headers: { host: '127.0.0.1:8080', cookie: first.ssoCookie as string },
        payload: { totpCode: '000000' },
      });
      expect(wrong.json().code).toBe('ERR_INVALID_CREDENTIALS');
      const replay = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/second-factor',
        headers: { host: '127.0.0.1:8080', cookie: first.ssoCookie as string },
        payload: { totpCode: await currentCode('secadmin') },
      });
      expect(replay.json().code).toBe('ERR_SSO_STATE_INVALID');

      const second = await signInAs('u-secadmin');
      const ok = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/second-factor',
        headers: { host: '127.0.0.1:8080', cookie: second.ssoCookie as string },
        payload: { totpCode: await currentCode('secadmin') },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().user.username).toBe('secadmin');
      expect((await me(setCookie(ok, 'openseal_session'))).statusCode).toBe(200);
    });

    it('refuses a tampered ID token, a wrong nonce and a wrong issuer, opening no session', async () => {
      op.tamperNextIdToken();
      const tampered = await signInAs('u-student');
      const nonce = await signInAs('u-student', async (callback, state) => {
        await f.app.db
          .updateTable('sso_logins')
          .set({ nonce: 'not-the-nonce' })
          .where('state', '=', state)
          .execute();
        return callback;
      });
      const issuer = await signInAs('u-student', (callback) => {
        callback.searchParams.set('iss', 'https://idp.elsewhere.example');
        return callback;
      });
      const state = await signInAs('u-student', (callback) => {
        callback.searchParams.set('state', 'a-state-this-browser-never-had');
        return callback;
      });
      for (const [name, attempt] of Object.entries({ tampered, nonce, issuer, state })) {
        expect(attempt.res.headers.location, name).toBe('/login?ssoError=ERR_SSO_TOKEN_INVALID');
        expect(attempt.session, name).toBeNull();
      }
    });

    it('refuses a callback without the browser-bound state cookie', async () => {
      const start = await browserGet(f.app, '/api/auth/sso/campus/start', []);
      const callback = await walkProviderPages(String(start.headers.location), {
        login: 'u-student',
        password: 'x',
      });
      const res = await browserGet(f.app, callback, []);
      expect(res.headers.location).toBe('/login?ssoError=ERR_SSO_STATE_INVALID');
    });

    it('refuses a person the directory disabled (a leaver), though the provider still vouches for them', async () => {
      await f.app.db
        .updateTable('users')
        .set({ disabled_at: new Date(f.clock.ms).toISOString() })
        .where('campus_id', '=', '2026990001')
        .execute();
      const { res, session } = await signInAs('u-new');
      expect(res.headers.location).toBe('/login?ssoError=ERR_SSO_ACCOUNT_DISABLED');
      expect(session).toBeNull();
    });

    it('logs out at OpenSeal and sends the browser to the provider’s end-session page', async () => {
      const { session } = await signInAs('u-student');
      const csrf = (await me(session)).json().csrfToken;
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/logout',
        headers: { host: '127.0.0.1:8080', cookie: session as string, 'x-csrf-token': csrf },
      });
      expect(res.statusCode, res.body).toBe(200);
      const end = new URL(res.json().redirectUrl);
      expect(end.origin).toBe(op.issuer);
      expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_ORIGIN}/login`);
      expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
      expect((await me(session)).statusCode).toBe(401);
      // The provider accepts the hint and, once confirmed, sends the browser back to the sign-in page.
      expect(await walkProviderPages(end.toString(), { logout: 'yes' })).toBe(`${APP_ORIGIN}/login`);
    });

    const currentCode = async (username: string) => {
      const row = await f.app.db
        .selectFrom('users')
        .select(['id', 'totp_secret'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return totpCode(f.app.secrets.open(totpOwner(row.id), row.totp_secret as string), new Date(f.clock.ms));
    };
  });
}
