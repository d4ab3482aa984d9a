// A flood of sign-ins with made-up user names must not flood the audit log: one summary entry per
// address per window, the address refused past its limit, while a failed sign-in for a real account
// keeps its own entry.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.ts';
import { TEST_DATABASES } from './databases.ts';
import { identityFixture } from './identity-fixture.ts';

const ATTACKER = '203.0.113.7';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`sign-in floods on ${kind.name}`, () => {
    it('200 random user names from one address leave one summary entry; a real account keeps its own', async () => {
      const f = await identityFixture(kind);
      const signIn = (username: string, remoteAddress: string) =>
        f.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'not-the-password' },
          remoteAddress,
        });
      const auditRows = async () =>
        f.app.db.selectFrom('audit_log').select(['action', 'object', 'outcome']).orderBy('seq').execute();
      const before = (await auditRows()).length;

      const codes: string[] = [];
      for (let i = 0; i < 200; i++) {
        const res = await signIn(`ghost-${randomBytes(6).toString('hex')}`, ATTACKER);
        codes.push(res.json().code);
        f.clock.ms += 1000;
      }
      expect(codes.slice(0, 100).every((c) => c === 'ERR_INVALID_CREDENTIALS')).toBe(true);
      expect(codes.slice(100).every((c) => c === 'ERR_RATE_LIMITED')).toBe(true);
      expect((await auditRows()).length).toBe(before);

      // A wrong password for a real account, from elsewhere, is audited at once, on its own.
      expect((await signIn('student', '198.51.100.2')).json().code).toBe('ERR_INVALID_CREDENTIALS');
      const own = (await auditRows()).slice(before);
      expect(own).toEqual([
        { action: 'auth.login', object: expect.stringMatching(/^user:/), outcome: 'failure' },
      ]);

      // The summary is written when the window ends, or, as here, when the server shuts down.
      await f.app.close();
      const db = openDatabase(f.db.config);
      try {
        const rows = await db
          .selectFrom('audit_log')
          .select(['action', 'object', 'outcome'])
          .where('seq', '>', before)
          .orderBy('seq')
          .execute();
        expect(rows).toHaveLength(2);
        expect(rows[1]).toEqual({
          action: 'auth.login.unknownAccounts',
          object: expect.stringMatching(
            /^address:203\.0\.113\.7; 100 failed sign-ins for unknown accounts \(100 more refused by the rate limit\) between 2026-09-01T08:00:00\.000Z and 2026-09-01T08:03:19\.000Z$/,
          ),
          outcome: 'failure',
        });
      } finally {
        await db.destroy();
        await f.db.dispose();
      }
    }, 120_000);
  });
}
