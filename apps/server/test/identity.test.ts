import { ROLES } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LOCK_FAILURES } from '../src/modules/auth/auth-service.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from './identity-fixture.ts';

const NEW_PASSWORD = 'correct horse battery';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`identity and access on ${kind.name}`, () => {
    let f: IdentityFixture;
    let sys: Session;
    let sec: Session;
    let auditor: Session;
    beforeAll(async () => {
      f = await identityFixture(kind);
      sys = await f.login('sysadmin');
      sec = await f.login('secadmin');
      auditor = await f.login('auditor');
    });
    afterAll(() => f?.close());

    const audit = (action: string) =>
      f.app.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

    async function createUser(session: Session, username: string, unitId: string) {
      return f.app.inject({
        method: 'POST',
        url: '/api/users',
        ...as(session),
        payload: { username, displayName: username, unitId, password: NEW_PASSWORD },
      });
    }

    it('seeds 示范大学 with two colleges, two offices, one account per role and an audit entry', async () => {
      const units = await f.app.inject({ method: 'GET', url: '/api/org/units', ...as(sys) });
      const tree = units.json() as { nameZh: string; kind: string; parentId: string | null }[];
      expect(tree.find((u) => u.parentId === null)?.nameZh).toBe('示范大学');
      expect(tree.filter((u) => u.kind === 'college')).toHaveLength(2);
      expect(tree.filter((u) => u.kind === 'office')).toHaveLength(2);
      expect(new Set(f.demo.accounts.map((a) => a.role))).toEqual(new Set(ROLES));
      expect(new Set(f.demo.accounts.map((a) => a.password)).size).toBe(f.demo.accounts.length);
      expect(f.demo.accounts.every((a) => /^[A-Za-z2-9]{16}$/.test(a.password))).toBe(true);
      expect(await audit('org.seedDemo')).toHaveLength(1);
    });

    it('signs in with an HttpOnly SameSite=Strict cookie, a CSRF token, and an audit entry', async () => {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'student', password: f.password('student') },
      });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(
        /^openseal_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/,
      );
      expect(res.json().csrfToken).toMatch(/^[\w-]{43}$/);
      expect(res.json().user).toMatchObject({
        username: 'student',
        grants: [{ role: 'member', orgUnitId: f.demo.units.csCollege }],
      });
      const me = await f.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: cookie.split(';')[0] },
      });
      expect(me.json()).toMatchObject({ user: { username: 'student' }, csrfToken: res.json().csrfToken });
      const rows = await audit('auth.login');
      expect(rows.at(-1)).toMatchObject({ actor: 'student', outcome: 'success' });
    });

    it('refuses a wrong password, then locks the account for 15 minutes at the per-user threshold', async () => {
      await createUser(sys, 'lockme', f.demo.units.csCollege);
      const attempt = (password: string) =>
        f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lockme', password } });
      for (let i = 1; i < ACCOUNT_LOCK_FAILURES; i++)
        expect((await attempt('wrong password!')).json().code).toBe('ERR_INVALID_CREDENTIALS');
      const last = await attempt('wrong password!');
      expect(last.statusCode).toBe(423);
      expect(last.json().code).toBe('ERR_ACCOUNT_LOCKED');
      expect((await attempt(NEW_PASSWORD)).json().code).toBe('ERR_ACCOUNT_LOCKED');
      expect((await audit('auth.lock')).map((r) => r.actor)).toContain('lockme');

      f.clock.ms += 15 * 60_000 - 1;
      expect((await attempt(NEW_PASSWORD)).statusCode).toBe(423);
      f.clock.ms += 1;
      expect((await attempt(NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('answers an unknown username like a wrong password, counted for the address summary, not audited alone', async () => {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'whatever' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('ERR_INVALID_CREDENTIALS');
      // One summary per address per window (audit-login-flood.test.ts), so a flood cannot flood the log.
      expect((await audit('auth.login')).map((r) => r.object)).not.toContain('username:nobody');
    });

    it('requires the session CSRF token on state changes', async () => {
      const payload = {
        username: 'csrf1',
        displayName: 'x',
        unitId: f.demo.units.csCollege,
        password: NEW_PASSWORD,
      };
      const none = await f.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: sys.cookie },
        payload,
      });
      expect(none.statusCode).toBe(403);
      expect(none.json().code).toBe('ERR_CSRF');
      const wrong = await f.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: sys.cookie, 'x-csrf-token': sec.csrf },
        payload,
      });
      expect(wrong.json().code).toBe('ERR_CSRF');
      const anon = await f.app.inject({ method: 'GET', url: '/api/users' });
      expect(anon.json().code).toBe('ERR_UNAUTHENTICATED');
    });

    it('enrols a TOTP second factor and then requires the code at sign-in', async () => {
      const s = await f.login('sealadmin');
      const setup = await f.app.inject({ method: 'POST', url: '/api/auth/totp', ...as(s) });
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUri } = setup.json();
      expect(otpauthUri).toContain(`secret=${secret}`);
      const now = () => new Date(f.clock.ms);
      const bad = await f.app.inject({
        method: 'POST',
        url: '/api/auth/totp/confirm',
        ...as(s),
        payload: { code: totpCode(secret, new Date(f.clock.ms + 120_000)) },
      });
      expect(bad.json().code).toBe('ERR_TOTP_INVALID');
      const ok = await f.app.inject({
        method: 'POST',
        url: '/api/auth/totp/confirm',
        ...as(s),
        payload: { code: totpCode(secret, now()) },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().recoveryCodes).toHaveLength(10);
      expect((await audit('auth.totpEnable')).at(-1)).toMatchObject({
        actor: 'sealadmin',
        outcome: 'success',
      });

      const attempt = (totp?: string) =>
        f.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: {
            username: 'sealadmin',
            password: f.password('sealadmin'),
            ...(totp ? { totpCode: totp } : {}),
          },
        });
      expect((await attempt()).json().code).toBe('ERR_TOTP_REQUIRED');
      expect((await attempt(totpCode(secret, new Date(f.clock.ms - 300_000)))).json().code).toBe(
        'ERR_INVALID_CREDENTIALS',
      );
      expect((await attempt(totpCode(secret, now()))).statusCode).toBe(200);
      const users = await f.app.inject({ method: 'GET', url: '/api/users', ...as(sys) });
      expect(users.body).not.toContain(secret);
    });

    it('ends the session on logout', async () => {
      const s = await f.login('tpladmin');
      // /me repeats the session's CSRF token (a reloaded page needs it to write, and to log out).
      const mine = (
        await f.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })
      ).json();
      expect(mine).toMatchObject({ user: { username: 'tpladmin' }, csrfToken: s.csrf });
      const noCsrf = await f.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: s.cookie },
      });
      expect(noCsrf.json().code).toBe('ERR_CSRF');
      const out = await f.app.inject({ method: 'POST', url: '/api/auth/logout', ...as(s) });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
      const me = await f.app.inject({ method: 'GET', url: '/api/auth/me', ...as(s) });
      expect(me.statusCode).toBe(401);
      expect((await audit('auth.logout')).at(-1)).toMatchObject({ actor: 'tpladmin', outcome: 'success' });
    });

    it('lets the system admin create accounts and reset passwords, audited, never returning secrets', async () => {
      const res = await createUser(sys, 'teacher1', f.demo.units.languagesCollege);
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(Object.keys(user).sort()).toEqual([
        'displayName',
        'grants',
        'id',
        'locked',
        'unitId',
        'username',
      ]);
      expect((await audit('users.create')).at(-1)).toMatchObject({
        actor: 'sysadmin',
        role: 'system_admin',
        org: f.demo.units.school,
        object: `user:${user.id}`,
        outcome: 'success',
      });
      expect((await createUser(sys, 'teacher1', f.demo.units.csCollege)).json().code).toBe(
        'ERR_USERNAME_TAKEN',
      );

      const old = await f.login('teacher1', NEW_PASSWORD);
      const reset = await f.app.inject({
        method: 'POST',
        url: `/api/users/${user.id}/password`,
        ...as(sys),
        payload: {},
      });
      expect(reset.statusCode).toBe(200);
      expect(reset.body).not.toMatch(/code|password/i);
      expect((await audit('users.resetPassword')).at(-1)).toMatchObject({
        actor: 'sysadmin',
        object: `user:${user.id} via:president`,
      });
      expect((await f.app.inject({ method: 'GET', url: '/api/auth/me', ...as(old) })).statusCode).toBe(401);
    });

    it('separates duties: the system admin cannot assign roles, the security admin cannot reset passwords', async () => {
      const target = (await createUser(sys, 'sep1', f.demo.units.csCollege)).json();
      const grant = await f.app.inject({
        method: 'POST',
        url: `/api/users/${target.id}/roles`,
        ...as(sys),
        payload: { role: 'member', orgUnitId: f.demo.units.csCollege },
      });
      expect(grant.statusCode).toBe(403);
      expect(grant.json().code).toBe('ERR_FORBIDDEN');
      const reset = await f.app.inject({
        method: 'POST',
        url: `/api/users/${target.id}/password`,
        ...as(sec),
        payload: {},
      });
      expect(reset.json().code).toBe('ERR_FORBIDDEN');
      const create = await createUser(sec, 'sep2', f.demo.units.csCollege);
      expect(create.json().code).toBe('ERR_FORBIDDEN');
    });

    it('grants and revokes roles as the security admin, refusing a second security role', async () => {
      const target = (await createUser(sys, 'sep3', f.demo.units.csCollege)).json();
      const before = (await audit('roles.grant')).length;
      const ok = await f.app.inject({
        method: 'POST',
        url: `/api/users/${target.id}/roles`,
        ...as(sec),
        payload: { role: 'security_admin', orgUnitId: f.demo.units.csCollege },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().grants).toEqual([{ role: 'security_admin', orgUnitId: f.demo.units.csCollege }]);
      const rows = await audit('roles.grant');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({
        actor: 'secadmin',
        role: 'security_admin',
        object: `user:${target.id} role:security_admin@${f.demo.units.csCollege}`,
      });

      const clash = await f.app.inject({
        method: 'POST',
        url: `/api/users/${target.id}/roles`,
        ...as(sec),
        payload: { role: 'security_auditor', orgUnitId: f.demo.units.languagesCollege },
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().code).toBe('ERR_ROLE_CONFLICT');
      // The refused attempt is on record for the auditor; no grant was written.
      const afterClash = await audit('roles.grant');
      expect(afterClash).toHaveLength(before + 2);
      expect(afterClash.at(-1)).toMatchObject({
        actor: 'secadmin',
        role: 'security_admin',
        outcome: 'denied',
        object: `user:${target.id} role:security_auditor@${f.demo.units.languagesCollege}`,
      });
      const auditorView = await f.app.inject({ method: 'GET', url: '/api/audit?limit=500', ...as(auditor) });
      expect(auditorView.json().at(-1)).toMatchObject({ action: 'roles.grant', outcome: 'denied' });

      const self = await f.app.inject({
        method: 'POST',
        url: `/api/users/${(await me(sec)).id}/roles`,
        ...as(sec),
        payload: { role: 'seal_admin', orgUnitId: f.demo.units.csCollege },
      });
      expect(self.json().code).toBe('ERR_FORBIDDEN');

      const revoke = await f.app.inject({
        method: 'DELETE',
        url: `/api/users/${target.id}/roles?role=security_admin&orgUnitId=${f.demo.units.csCollege}`,
        ...as(sec),
      });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json().grants).toEqual([]);
      expect((await audit('roles.revoke')).at(-1)).toMatchObject({
        actor: 'secadmin',
        role: 'security_admin',
      });
    });

    async function me(s: Session) {
      return (await f.app.inject({ method: 'GET', url: '/api/auth/me', ...as(s) })).json().user;
    }

    it("shows the auditor the admins' entries and nothing else", async () => {
      const res = await f.app.inject({ method: 'GET', url: '/api/audit?limit=500', ...as(auditor) });
      expect(res.statusCode).toBe(200);
      const entries = res.json();
      expect(entries.length).toBeGreaterThan(0);
      expect(new Set(entries.map((e: { role: string }) => e.role))).toEqual(
        new Set(['system_admin', 'security_admin']),
      );
      for (const url of ['/api/users', '/api/org/units']) {
        expect((await f.app.inject({ method: 'GET', url, ...as(auditor) })).json().code).toBe(
          'ERR_FORBIDDEN',
        );
      }
      expect((await f.app.inject({ method: 'GET', url: '/api/audit', ...as(sys) })).json().code).toBe(
        'ERR_FORBIDDEN',
      );
    });

    it('confines a college-level system admin to its college', async () => {
      const collegeAdmin = (await createUser(sys, 'cs-sysadmin', f.demo.units.csCollege)).json();
      await f.app.inject({
        method: 'POST',
        url: `/api/users/${collegeAdmin.id}/roles`,
        ...as(sec),
        payload: { role: 'system_admin', orgUnitId: f.demo.units.csCollege },
      });
      const unenrolled = await f.login('cs-sysadmin', NEW_PASSWORD);
      const blocked = await createUser(unenrolled, 'cs-early', f.demo.units.csCollege);
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('ERR_TOTP_ENROLMENT_REQUIRED');
      expect((await f.app.inject({ method: 'GET', url: '/api/auth/me', ...as(unenrolled) })).statusCode).toBe(
        200,
      );
      await f.enrolTotp('cs-sysadmin');
      const s = await f.login('cs-sysadmin', NEW_PASSWORD);
      expect((await createUser(s, 'cs-staff', f.demo.units.csCollege)).statusCode).toBe(201);
      const other = await createUser(s, 'lang-staff', f.demo.units.languagesCollege);
      expect(other.statusCode).toBe(403);
      expect(other.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const unit = await f.app.inject({
        method: 'POST',
        url: '/api/org/units',
        ...as(s),
        payload: {
          parentId: f.demo.units.csCollege,
          nameZh: '软件工程系',
          nameEn: 'Software Engineering',
          kind: 'unit',
        },
      });
      expect(unit.statusCode).toBe(201);
      expect((await audit('org.create')).at(-1)).toMatchObject({
        actor: 'cs-sysadmin',
        role: 'system_admin',
        org: f.demo.units.csCollege,
        object: `org_unit:${unit.json().id}`,
      });
      // Inherited downward: the new department is inside the college.
      expect((await createUser(s, 'se-staff', unit.json().id)).statusCode).toBe(201);
      const listed = await f.app.inject({
        method: 'GET',
        url: `/api/users?unitId=${f.demo.units.school}`,
        ...as(s),
      });
      expect(listed.json().code).toBe('ERR_FORBIDDEN_SCOPE');
    });
  });

  describe.skipIf(kind.skip)(`sign-in rate limit on ${kind.name}`, () => {
    let f: IdentityFixture;
    beforeAll(async () => {
      f = await identityFixture(kind, { maxAttempts: 3, windowMs: 60_000 });
    });
    afterAll(() => f?.close());

    it('limits attempts per client and username, per window, even with the right password', async () => {
      const attempt = (username: string, password: string) =>
        f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      for (let i = 0; i < 3; i++) expect((await attempt('ghost', 'x')).statusCode).toBe(401);
      const limited = await attempt('ghost', 'x');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('ERR_SIGN_IN_LIMITED');
      // Another username from the same address has its own budget.
      expect((await attempt('student', f.password('student'))).statusCode).toBe(200);
      f.clock.ms += 60_000;
      expect((await attempt('ghost', 'x')).statusCode).toBe(401);
    });
  });
}
