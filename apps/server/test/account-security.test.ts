import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ERROR_CODES } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { loadApproverDirectory } from '../src/modules/approvals/approver-directory.ts';
import { totpOwner } from '../src/modules/auth/secret-box.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { TEST_DATABASES } from './databases.ts';
import {
  as,
  type IdentityFixture,
  identityFixture,
  type Session,
  signIn,
  TEST_TOTP_SECRET,
  userIdOf,
} from './identity-fixture.ts';

const NEW_PASSWORD = 'a new password of my own';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`account security (三员分立, resets, TOTP) on ${kind.name}`, () => {
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
    const inject = (s: Session | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      f.app.inject({ method, url, ...(s ? as(s) : {}), ...(payload ? { payload } : {}) });
    const me = async (s: Session) => (await inject(s, 'GET', '/api/auth/me')).json().user;

    it('refuses a business role to a security-role holder, and a security role to a business-role holder', async () => {
      const root = f.demo.units.school;
      for (const username of ['sysadmin', 'auditor']) {
        const res = await inject(sec, 'POST', `/api/users/${await userIdOf(f.app.db, username)}/roles`, {
          role: 'file_admin',
          orgUnitId: root,
        });
        expect(res.statusCode, username).toBe(409);
        expect(res.json()).toMatchObject({
          code: 'ERR_SECURITY_ROLE_SEPARATION',
          message: ERROR_CODES.ERR_SECURITY_ROLE_SEPARATION.en,
          messageZh: ERROR_CODES.ERR_SECURITY_ROLE_SEPARATION.zh,
        });
      }
      const fileAdmin = await userIdOf(f.app.db, 'fileadmin');
      const reverse = await inject(sec, 'POST', `/api/users/${fileAdmin}/roles`, {
        role: 'security_auditor',
        orgUnitId: f.demo.units.csCollege,
      });
      expect(reverse.json().code).toBe('ERR_SECURITY_ROLE_SEPARATION');
      const grants = await f.app.db
        .selectFrom('role_grants')
        .select('role')
        .where('user_id', '=', fileAdmin)
        .execute();
      expect(grants.map((g) => g.role)).toEqual(['file_admin']);
      expect((await audit('roles.grant')).at(-1)).toMatchObject({ outcome: 'denied', actor: 'secadmin' });
    });

    it('does not honour a conflicting grant found in the data, and lists it for the auditor', async () => {
      const sysId = await userIdOf(f.app.db, 'sysadmin');
      await f.app.db
        .insertInto('role_grants')
        .values({ user_id: sysId, role: 'file_admin', org_unit_id: f.demo.units.school, created_at: '' })
        .execute();
      try {
        const archive = await inject(sys, 'GET', '/api/archive/credentials');
        expect(archive.statusCode).toBe(403);
        expect(archive.json().code).toBe('ERR_FORBIDDEN');
        expect((await me(sys)).grants).toEqual([{ role: 'system_admin', orgUnitId: f.demo.units.school }]);
        // The security role itself keeps working.
        expect((await inject(sys, 'GET', '/api/users')).statusCode).toBe(200);

        const conflicts = await inject(auditor, 'GET', '/api/users/role-conflicts');
        expect(conflicts.statusCode).toBe(200);
        expect(conflicts.json()).toEqual([
          {
            userId: sysId,
            username: 'sysadmin',
            displayName: '系统管理员',
            grants: expect.arrayContaining([
              { role: 'file_admin', orgUnitId: f.demo.units.school },
              { role: 'system_admin', orgUnitId: f.demo.units.school },
            ]),
          },
        ]);
        expect((await inject(sys, 'GET', '/api/users/role-conflicts')).json().code).toBe('ERR_FORBIDDEN');
      } finally {
        await f.app.db
          .deleteFrom('role_grants')
          .where('user_id', '=', sysId)
          .where('role', '=', 'file_admin')
          .execute();
      }
      expect((await inject(auditor, 'GET', '/api/users/role-conflicts')).json()).toEqual([]);
    });

    it('makes nobody an approver through a business role held beside a security role', async () => {
      const flow = {
        stages: [
          {
            name: 'head',
            steps: [
              {
                id: 'head',
                name: 'head',
                mode: 'any' as const,
                approvers: [
                  {
                    kind: 'role' as const,
                    role: 'unit_leader' as const,
                    at: 'unit' as const,
                    unitId: f.demo.units.school,
                  },
                ],
              },
            ],
          },
        ],
      };
      const fields = { requestType: 'seal.use', unitId: f.demo.units.school } as never;
      const president = await userIdOf(f.app.db, 'president');
      const sysId = await userIdOf(f.app.db, 'sysadmin');
      expect(
        (await loadApproverDirectory(f.app.db, flow, new Date(f.clock.ms))).resolve(
          flow.stages[0]!.steps[0]!.approvers[0]!,
          fields,
        ),
      ).toEqual([president]);
      await f.app.db
        .insertInto('role_grants')
        .values({ user_id: sysId, role: 'unit_leader', org_unit_id: f.demo.units.school, created_at: '' })
        .execute();
      try {
        const directory = await loadApproverDirectory(f.app.db, flow, new Date(f.clock.ms));
        expect(directory.resolve(flow.stages[0]!.steps[0]!.approvers[0]!, fields)).toEqual([president]);
      } finally {
        await f.app.db
          .deleteFrom('role_grants')
          .where('user_id', '=', sysId)
          .where('role', '=', 'unit_leader')
          .execute();
      }
    });

    it('resets a password without the admin ever knowing it: the unit head reveals a one-time code once', async () => {
      const teacherId = await userIdOf(f.app.db, 'teacher');
      const before = await f.login('teacher');
      // The old API let the admin choose the password; that body is refused now.
      const choose = await inject(sys, 'POST', `/api/users/${teacherId}/password`, {
        password: 'admin knows this 1',
      });
      expect(choose.json().code).toBe('ERR_VALIDATION');

      const reset = await inject(sys, 'POST', `/api/users/${teacherId}/password`, {});
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json()).toEqual({
        deliveredTo: [{ username: 'president', displayName: '校领导' }],
        expiresAt: new Date(f.clock.ms + 72 * 3_600_000).toISOString(),
      });
      // Old password and sessions are gone; nothing in the admin's hands signs in.
      expect((await inject(before, 'GET', '/api/auth/me')).statusCode).toBe(401);
      const oldPassword = await inject(null, 'POST', '/api/auth/login', {
        username: 'teacher',
        password: f.password('teacher'),
      });
      expect(oldPassword.json().code).toBe('ERR_INVALID_CREDENTIALS');
      const row = await f.app.db
        .selectFrom('password_resets')
        .selectAll()
        .where('user_id', '=', teacherId)
        .executeTakeFirstOrThrow();
      expect(row.code_box).toMatch(/^v1:/);

      // The auditor sees the reset, made under the system admin role.
      const auditorView = (await inject(auditor, 'GET', '/api/audit?limit=500')).json();
      expect(auditorView.at(-1)).toMatchObject({
        action: 'users.resetPassword',
        actor: 'sysadmin',
        role: 'system_admin',
        object: `user:${teacherId} via:president`,
      });

      // Only the unit head sees it, and the code only once.
      const leader = await f.login('leader');
      expect((await inject(leader, 'GET', '/api/auth/password-resets')).json()).toEqual([]);
      expect((await inject(sys, 'GET', '/api/auth/password-resets')).json()).toEqual([]);
      expect((await inject(sys, 'POST', `/api/auth/password-resets/${row.id}/reveal`)).statusCode).toBe(404);
      const head = await f.login('president');
      const pending = (await inject(head, 'GET', '/api/auth/password-resets')).json();
      expect(pending).toEqual([
        expect.objectContaining({ id: row.id, username: 'teacher', revealed: false }),
      ]);
      const revealed = await inject(head, 'POST', `/api/auth/password-resets/${row.id}/reveal`);
      expect(revealed.statusCode).toBe(200);
      const { code } = revealed.json() as { code: string };
      expect((await inject(head, 'POST', `/api/auth/password-resets/${row.id}/reveal`)).statusCode).toBe(404);
      expect((await audit('users.resetCodeRevealed')).at(-1)).toMatchObject({
        actor: 'president',
        object: `user:${teacherId}`,
      });

      // The code signs in only to choose a new password; the user is told when the reset happened.
      const withCode = await f.login('teacher', code);
      expect(await me(withCode)).toMatchObject({
        mustChangePassword: true,
        passwordResetAt: new Date(f.clock.ms).toISOString(),
      });
      const blocked = await inject(withCode, 'GET', '/api/requests?view=mine');
      expect(blocked.json().code).toBe('ERR_PASSWORD_CHANGE_REQUIRED');
      const wrong = await inject(withCode, 'POST', '/api/auth/password', {
        currentPassword: 'not the code at all',
        newPassword: NEW_PASSWORD,
      });
      expect(wrong.json().code).toBe('ERR_PASSWORD_WRONG');
      const changed = await inject(withCode, 'POST', '/api/auth/password', {
        currentPassword: code,
        newPassword: NEW_PASSWORD,
      });
      expect(changed.statusCode, changed.body).toBe(204);
      expect(await me(withCode)).toMatchObject({ mustChangePassword: false, passwordResetAt: null });
      expect((await inject(withCode, 'GET', '/api/requests?view=mine')).statusCode).toBe(200);
      const reused = await inject(null, 'POST', '/api/auth/login', { username: 'teacher', password: code });
      expect(reused.json().code).toBe('ERR_INVALID_CREDENTIALS');
      await f.login('teacher', NEW_PASSWORD);
      expect((await audit('auth.passwordChange')).at(-1)).toMatchObject({
        actor: 'teacher',
        outcome: 'success',
      });
    });

    it('lets a reset code expire after 72 hours', async () => {
      const studentId = await userIdOf(f.app.db, 'student');
      expect((await inject(sys, 'POST', `/api/users/${studentId}/password`, {})).statusCode).toBe(200);
      const head = await f.login('president');
      const [pending] = (await inject(head, 'GET', '/api/auth/password-resets')).json();
      const { code } = (await inject(head, 'POST', `/api/auth/password-resets/${pending.id}/reveal`)).json();
      f.clock.ms += 72 * 3_600_000 + 1;
      const late = await inject(null, 'POST', '/api/auth/login', { username: 'student', password: code });
      expect(late.json().code).toBe('ERR_PASSWORD_RESET_EXPIRED');
    });

    it('changes the own password only with the current one', async () => {
      const s = await f.login('creator');
      const wrong = await inject(s, 'POST', '/api/auth/password', {
        currentPassword: 'wrong wrong wrong',
        newPassword: NEW_PASSWORD,
      });
      expect(wrong.json().code).toBe('ERR_PASSWORD_WRONG');
      const same = await inject(s, 'POST', '/api/auth/password', {
        currentPassword: f.password('creator'),
        newPassword: f.password('creator'),
      });
      expect(same.json().code).toBe('ERR_PASSWORD_REUSED');
      const other = await f.login('creator');
      const ok = await inject(s, 'POST', '/api/auth/password', {
        currentPassword: f.password('creator'),
        newPassword: NEW_PASSWORD,
      });
      expect(ok.statusCode).toBe(204);
      // Other sessions end; this one goes on.
      expect((await inject(other, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await inject(s, 'GET', '/api/auth/me')).statusCode).toBe(200);
    });

    it('keeps TOTP secrets encrypted and never lets a session alone replace an enrolled one', async () => {
      const s = await f.login('secadmin');
      const hijack = await inject(s, 'POST', '/api/auth/totp');
      expect(hijack.statusCode).toBe(403);
      expect(hijack.json().code).toBe('ERR_TOTP_REENROL_PROOF');
      const secId = await userIdOf(f.app.db, 'secadmin');
      const stored = await f.app.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_pending'])
        .where('id', '=', secId)
        .executeTakeFirstOrThrow();
      expect(stored.totp_pending).toBeNull();
      expect(f.app.secrets.open(totpOwner(secId), stored.totp_secret as string)).toBe(TEST_TOTP_SECRET);

      const now = () => new Date(f.clock.ms);
      const badCode = await inject(s, 'POST', '/api/auth/totp/replace', {
        password: f.password('secadmin'),
        code: totpCode(TEST_TOTP_SECRET, new Date(f.clock.ms + 600_000)),
      });
      expect(badCode.json().code).toBe('ERR_TOTP_INVALID');
      const badPassword = await inject(s, 'POST', '/api/auth/totp/replace', {
        password: 'not my password',
        code: totpCode(TEST_TOTP_SECRET, now()),
      });
      expect(badPassword.json().code).toBe('ERR_PASSWORD_WRONG');
      const replace = await inject(s, 'POST', '/api/auth/totp/replace', {
        password: f.password('secadmin'),
        code: totpCode(TEST_TOTP_SECRET, now()),
      });
      expect(replace.statusCode, replace.body).toBe(200);
      const { secret } = replace.json() as { secret: string };
      const confirm = await inject(s, 'POST', '/api/auth/totp/confirm', { code: totpCode(secret, now()) });
      expect(confirm.statusCode).toBe(200);
      const { recoveryCodes } = confirm.json() as { recoveryCodes: string[] };
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);

      // At rest: neither the secret nor the recovery codes in the clear.
      const row = await f.app.db
        .selectFrom('users')
        .select('totp_secret')
        .where('id', '=', secId)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1:/);
      expect(row.totp_secret).not.toContain(secret);
      const hashes = await f.app.db
        .selectFrom('totp_recovery_codes')
        .select('code_hash')
        .where('user_id', '=', secId)
        .execute();
      expect(hashes).toHaveLength(10);
      for (const h of hashes) expect(recoveryCodes).not.toContain(h.code_hash);

      const login = (second: object) =>
        inject(null, 'POST', '/api/auth/login', {
          username: 'secadmin',
          password: f.password('secadmin'),
          ...second,
        });
      expect((await login({ totpCode: totpCode(TEST_TOTP_SECRET, now()) })).json().code).toBe(
        'ERR_INVALID_CREDENTIALS',
      );
      expect((await login({ totpCode: totpCode(secret, now()) })).statusCode).toBe(200);
      // A recovery code signs in once.
      const [first] = recoveryCodes;
      expect((await login({ recoveryCode: first })).statusCode).toBe(200);
      expect((await login({ recoveryCode: first })).json().code).toBe('ERR_RECOVERY_CODE_INVALID');
      expect((await audit('auth.recoveryCodeUsed')).at(-1)).toMatchObject({ actor: 'secadmin' });
      // Put the test secret back for the other tests.
      await f.enrolTotp('secadmin');
    });

    it('reports first sign-in enrolment state in /me, and an admin reset can also remove the second factor', async () => {
      const auditorId = await userIdOf(f.app.db, 'auditor');
      // The clock has moved past the first sessions' lifetime.
      const sys = await f.login('sysadmin');
      expect(await me(await f.login('auditor'))).toMatchObject({ totpRequired: true, totpEnrolled: true });
      const reset = await inject(sys, 'POST', `/api/users/${auditorId}/password`, { resetTotp: true });
      expect(reset.statusCode, reset.body).toBe(200);
      expect((await audit('users.resetPasswordAndTotp')).at(-1)).toMatchObject({ actor: 'sysadmin' });
      const head = await f.login('president');
      const [pending] = (await inject(head, 'GET', '/api/auth/password-resets')).json();
      const { code } = (await inject(head, 'POST', `/api/auth/password-resets/${pending.id}/reveal`)).json();
      const s = await signIn(f.app, 'auditor', code);
      expect(await me(s)).toMatchObject({
        totpRequired: true,
        totpEnrolled: false,
        mustChangePassword: true,
      });
      expect(
        (await inject(s, 'POST', '/api/auth/password', { currentPassword: code, newPassword: NEW_PASSWORD }))
          .statusCode,
      ).toBe(204);
      expect((await inject(s, 'GET', '/api/audit')).json().code).toBe('ERR_TOTP_ENROLMENT_REQUIRED');
      const setup = await inject(s, 'POST', '/api/auth/totp');
      expect(setup.statusCode).toBe(200);
    });
  });
}

describe('at start', () => {
  it('encrypts TOTP secrets stored in plain text and warns about grants that break 三员分立', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openseal-account-check-'));
    const config = {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      database: { dialect: 'sqlite' as const, file: join(dir, 'openseal.db') },
      logLevel: 'info' as const,
      kek: randomBytes(32),
    };
    const clock = () => new Date('2026-09-01T08:00:00.000Z');
    try {
      const first = await buildApp({ ...config, logLevel: 'silent' }, { clock });
      const demo = await seedDemoSchool(first.db, clock());
      const auditorId = await userIdOf(first.db, 'auditor');
      // As an earlier version stored it, and a conflicting grant written behind the API's back.
      await first.db
        .updateTable('users')
        .set({ totp_secret: TEST_TOTP_SECRET })
        .where('id', '=', auditorId)
        .execute();
      await first.db
        .insertInto('role_grants')
        .values({ user_id: auditorId, role: 'file_admin', org_unit_id: demo.units.school, created_at: '' })
        .execute();
      await first.close();

      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const second = await buildApp(config, { clock, logStream });
      try {
        const row = await second.db
          .selectFrom('users')
          .select('totp_secret')
          .where('id', '=', auditorId)
          .executeTakeFirstOrThrow();
        expect(row.totp_secret).toMatch(/^v1:/);
        expect(second.secrets.open(totpOwner(auditorId), row.totp_secret as string)).toBe(TEST_TOTP_SECRET);
        const password = demo.accounts.find((a) => a.username === 'auditor')?.password;
        await signIn(second, 'auditor', password, totpCode(TEST_TOTP_SECRET, clock()));
        const warning = lines.map((l) => JSON.parse(l)).find((l) => l.user === 'auditor');
        expect(warning).toMatchObject({
          level: 40,
          roles: expect.arrayContaining(['file_admin', 'security_auditor']),
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
