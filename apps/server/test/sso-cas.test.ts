import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENT_USERNAME_RECORD } from '../src/demo/credentials/sample-people.ts';
import { pruneExpiredSessions } from '../src/modules/auth/session-prune.ts';
import { parseCasXml } from '../src/modules/auth/sso/cas-client.ts';
import { SESSION_TTL_MS } from '../src/plugins/session.ts';
import { type CasTestServer, logoutRequestXml, startCasTestServer } from './cas-test-server.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture } from './identity-fixture.ts';
import { APP_ORIGIN, browserGet, setCookie, walkProviderPages } from './sso-browser.ts';

const STUDENT_NO = DEMO_STUDENT_USERNAME_RECORD.student.studentNo;
const CLAIMS = { campusId: 'user', unit: 'unit', name: 'cn' };

describe('CAS XML parsing', () => {
  it('refuses a document type declaration (entity expansion, external entities)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>&lol2;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`;
    expect(() => parseCasXml(laughs)).toThrow(/document type/);
    const external = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>`;
    expect(() => parseCasXml(external)).toThrow(/document type/);
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`single sign-on with CAS on ${kind.name}`, () => {
    let f: IdentityFixture;
    let cas: CasTestServer;
    beforeAll(async () => {
      f = await identityFixture(kind);
      cas = await startCasTestServer([
        { username: STUDENT_NO, password: 'cas-pass-1', attributes: { unit: '计算机学院', cn: '示范学生' } },
        {
          username: '2026880001',
          password: 'cas-pass-2',
          attributes: { unit: 'College of Computer Science', cn: '新生丙' },
        },
        { username: '2026880002', password: 'cas-pass-3', attributes: { unit: '计算机学院', cn: '新生丁' } },
      ]);
      const sys = await f.login('sysadmin');
      for (const [id, casVersion] of [
        ['cas', 3],
        ['cas2', 2],
      ] as const) {
        const res = await f.app.inject({
          method: 'PUT',
          url: `/api/auth/sso/settings/${id}`,
          ...as(sys),
          payload: {
            kind: 'cas',
            name: `CAS ${casVersion}`,
            enabled: true,
            url: cas.baseUrl,
            casVersion,
            claims: CLAIMS,
          },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      await f.app.db
        .updateTable('users')
        .set({ campus_id: STUDENT_NO })
        .where('username', '=', 'student')
        .execute();
    });
    afterAll(async () => {
      await f?.close();
      await cas?.close();
    });

    const signInAs = async (provider: string, username: string, password: string) => {
      const start = await browserGet(f.app, `/api/auth/sso/${provider}/start`, []);
      expect(start.statusCode, start.body).toBe(302);
      const location = new URL(String(start.headers.location));
      expect(`${location.origin}${location.pathname}`).toBe(`${cas.baseUrl}/login`);
      expect(location.searchParams.get('service')).toBe(`${APP_ORIGIN}/api/auth/sso/${provider}/callback`);
      const ssoCookie = setCookie(start, 'openseal_sso');
      const callback = await walkProviderPages(location.toString(), { username, password });
      const res = await browserGet(f.app, callback, [ssoCookie]);
      return { res, callback, session: setCookie(res, 'openseal_session') };
    };
    const me = (session: string | null) => browserGet(f.app, '/api/auth/me', [session]);

    it('signs the demo student in through CAS 3.0 by campus ID', async () => {
      const { res, callback, session } = await signInAs('cas', STUDENT_NO, 'cas-pass-1');
      expect(new URL(callback).searchParams.get('ticket')).toMatch(/^ST-/);
      expect(res.headers.location).toBe('/');
      expect((await me(session)).json().user.username).toBe('student');
    });

    it('creates a person met first from the CAS 3.0 attributes (unit by English name)', async () => {
      const { session } = await signInAs('cas', '2026880001', 'cas-pass-2');
      const user = (await me(session)).json().user;
      expect(user).toMatchObject({
        username: '2026880001',
        displayName: '新生丙',
        unitId: f.demo.units.csCollege,
      });
      expect(user.grants).toEqual([{ role: 'member', orgUnitId: f.demo.units.csCollege }]);
    });

    it('links by the CAS 2.0 user, which carries no attributes to create anyone from', async () => {
      const linked = await signInAs('cas2', STUDENT_NO, 'cas-pass-1');
      expect((await me(linked.session)).json().user.username).toBe('student');
      const unknown = await signInAs('cas2', '2026880002', 'cas-pass-3');
      expect(unknown.res.headers.location).toBe('/login?ssoError=ERR_SSO_CLAIM_MISSING');
      expect(unknown.session).toBeNull();
    });

    it('refuses a ticket used twice', async () => {
      const first = await signInAs('cas', STUDENT_NO, 'cas-pass-1');
      expect(first.session).not.toBeNull();
      const start = await browserGet(f.app, '/api/auth/sso/cas/start', []);
      const replay = await browserGet(f.app, first.callback, [setCookie(start, 'openseal_sso')]);
      expect(replay.headers.location).toBe('/login?ssoError=ERR_SSO_TOKEN_INVALID');
      expect(setCookie(replay, 'openseal_session')).toBeNull();
    });

    it('ends the session the CAS server names in a single logout, audited', async () => {
      const { callback, session } = await signInAs('cas', STUDENT_NO, 'cas-pass-1');
      expect((await me(session)).statusCode).toBe(200);
      const ticket = new URL(callback).searchParams.get('ticket') as string;
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/cas/callback',
        headers: { host: new URL(APP_ORIGIN).host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ logoutRequest: logoutRequestXml(ticket) }).toString(),
      });
      expect(res.statusCode, res.body).toBe(204);
      expect((await me(session)).statusCode).toBe(401);
      const audit = await f.app.db
        .selectFrom('audit_log')
        .select('outcome')
        .where('action', '=', 'auth.sso.singleLogout')
        .execute();
      expect(audit).toEqual([{ outcome: 'success' }]);
    });

    it('sends the browser to the CAS logout page when the person logs out', async () => {
      const { session } = await signInAs('cas', STUDENT_NO, 'cas-pass-1');
      const csrf = (await me(session)).json().csrfToken;
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/sso/logout',
        headers: { host: new URL(APP_ORIGIN).host, cookie: session as string, 'x-csrf-token': csrf },
      });
      expect(res.json().redirectUrl).toBe(
        `${cas.baseUrl}/logout?service=${encodeURIComponent(`${APP_ORIGIN}/login`)}`,
      );
      expect((await me(session)).statusCode).toBe(401);
    });

    it('clears expired sessions with their single-logout links, and keeps live ones', async () => {
      await signInAs('cas', STUDENT_NO, 'cas-pass-1');
      const links = () => f.app.db.selectFrom('sso_sessions').select('session_id').execute();
      const live = await links();
      expect(live.length).toBeGreaterThan(0);
      await pruneExpiredSessions(f.app.db, new Date(f.clock.ms));
      expect(await links()).toEqual(live);
      await pruneExpiredSessions(f.app.db, new Date(f.clock.ms + SESSION_TTL_MS + 60_000));
      expect(await links()).toEqual([]);
      expect(await f.app.db.selectFrom('sessions').select('id').execute()).toEqual([]);
    });
  });
}
