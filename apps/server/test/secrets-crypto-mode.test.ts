import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoMode } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BOXED_SECRETS } from '../src/boxed-secrets.ts';
import { resealColumns } from '../src/db/reseal-column.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { kekSecretBox, totpOwner } from '../src/modules/auth/secret-box.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import {
  decryptSecretText,
  encryptKeyEnvelope,
  encryptSecretText,
  secretTextMode,
} from '../src/plugins/keys.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signIn, storeTestTotp, TEST_TOTP_SECRET, userIdOf } from './identity-fixture.ts';
import { slapdDirectoryConfig } from './slapd-server.ts';

const PREFIX: Readonly<Record<CryptoMode, string>> = { standard: 'v1:', gm: 'v2:' };

describe('secret text in the crypto mode', () => {
  it('gm seals with SM4 under a v2: prefix, standard with AES under v1:, and either opens', () => {
    const kek = randomBytes(32);
    const gm = encryptSecretText(kek, 'JBSWY3DPEHPK3PXP', 'totp:a', 'gm');
    const standard = encryptSecretText(kek, 'JBSWY3DPEHPK3PXP', 'totp:a');
    expect(gm).toMatch(/^v2:/);
    expect(standard).toMatch(/^v1:/);
    expect([secretTextMode(gm), secretTextMode(standard), secretTextMode('JBSWY3DPEHPK3PXP')]).toEqual([
      'gm',
      'standard',
      undefined,
    ]);
    // IV 16 ‖ one padded block ‖ HMAC-SM3 32: the SM4 box, not the 12-byte IV and 16-byte tag of GCM.
    expect(Buffer.from(gm.slice(3), 'base64')).toHaveLength(16 + 32 + 32);
    for (const boxed of [gm, standard]) {
      expect(decryptSecretText(kek, boxed, 'totp:a')).toBe('JBSWY3DPEHPK3PXP');
      expect(() => decryptSecretText(kek, boxed, 'totp:b')).toThrow();
      expect(() => decryptSecretText(randomBytes(32), boxed, 'totp:a')).toThrow();
    }
    // The prefix is authenticated: an SM4 box relabelled v1: (or back) does not open.
    expect(() => decryptSecretText(kek, `v1:${gm.slice(3)}`, 'totp:a')).toThrow();
    const bytes = Buffer.from(gm.slice(3), 'base64');
    bytes[20]! ^= 1;
    expect(() => decryptSecretText(kek, `v2:${bytes.toString('base64')}`, 'totp:a')).toThrow();
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`stored secrets across a crypto-mode switch, on ${kind.name}`, () => {
    let db: TestDatabase;
    let dataDir: string;
    let demo: DemoSchool;
    const kek = randomBytes(32);
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const now = () => new Date(clock.ms);

    beforeAll(async () => {
      db = await kind.create();
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-secrets-mode-'));
    });
    afterAll(async () => {
      await db?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A server start in `mode`, a minute after the last one (a TOTP code is taken once). */
    function start(mode: CryptoMode): Promise<FastifyInstance> {
      clock.ms += 60_000;
      return buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir,
          database: db.config,
          logLevel: 'silent',
          kek,
          cryptoMode: mode,
        },
        { clock: now },
      );
    }

    const password = (username: string) => demo.accounts.find((a) => a.username === username)?.password;
    const inject = (
      app: FastifyInstance,
      s: Session,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      payload?: object,
    ) => app.inject({ method, url, ...as(s), ...(payload ? { payload } : {}) });
    const withTotp = async (app: FastifyInstance, username: string, secret = TEST_TOTP_SECRET) =>
      signIn(app, username, password(username), totpCode(secret, now()));

    /** Every sealed secret at rest, by where it is kept: each column the server lists as boxed. */
    async function storedSecrets(app: FastifyInstance): Promise<Record<string, string>> {
      const kept: [string, string][] = [];
      for (const { table, id, column } of BOXED_SECRETS) {
        const { rows } = await sql<{ id: string | number; boxed: string | null }>`
          select ${sql.ref(id)} as id, ${sql.ref(column)} as boxed from ${sql.table(table)}
        `.execute(app.db);
        for (const row of rows) {
          const name = table === 'users' ? await usernameOf(app, String(row.id)) : String(row.id);
          if (row.boxed) kept.push([`${column}:${name}`, row.boxed]);
        }
      }
      return Object.fromEntries(kept);
    }
    const usernameOf = async (app: FastifyInstance, id: string) =>
      (await app.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow())
        .username;

    /** The integration secrets the system admin keeps: an OpenID client, the LDAP bind, a webhook, SMTP. */
    async function integrationSecrets(app: FastifyInstance, sys: Session): Promise<string[]> {
      const saved = await inject(app, sys, 'PUT', '/api/auth/sso/settings/campus', {
        kind: 'oidc',
        name: '统一身份认证',
        enabled: false,
        url: 'https://id.example.edu.cn',
        clientId: 'openseal',
        clientSecret: 'oidc-client-secret',
        scopes: 'openid profile',
        claims: { campusId: 'student_id', unit: 'unit', name: 'name' },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const directory = await inject(app, sys, 'PUT', '/api/directory/config', {
        config: slapdDirectoryConfig('ldap://ldap.example.edu.cn'),
        bindPassword: 'ldap-bind-password',
      });
      expect(directory.statusCode, directory.body).toBe(200);
      const hook = await inject(app, sys, 'POST', '/api/integrations/webhooks', {
        url: 'https://archive.example.edu.cn/openseal',
        description: 'archive',
        events: ['document.sealed'],
      });
      expect(hook.statusCode, hook.body).toBe(201);
      const hookId = (hook.json() as { subscription: { id: string } }).subscription.id;
      const smtp = await inject(app, sys, 'PUT', '/api/messages/smtp', {
        enabled: false,
        host: 'smtp.example.edu.cn',
        port: 587,
        security: 'starttls',
        username: 'openseal',
        password: 'smtp-password',
        fromAddress: 'seal@example.edu.cn',
        fromName: 'OpenSeal',
      });
      expect(smtp.statusCode, smtp.body).toBe(200);
      return ['client_secret_box:campus', 'bind_password_box:1', `secret:${hookId}`, 'password_box:1'];
    }

    async function allIn(app: FastifyInstance, mode: CryptoMode, expected: readonly string[]) {
      const stored = await storedSecrets(app);
      expect(Object.keys(stored).sort()).toEqual([...expected].sort());
      for (const [where, value] of Object.entries(stored))
        expect(value.startsWith(PREFIX[mode]), where).toBe(true);
      for (const username of ['sysadmin', 'secadmin', 'auditor']) {
        const id = await userIdOf(app.db, username);
        const boxed = stored[`totp_secret:${username}`] as string;
        expect(boxed).not.toContain(TEST_TOTP_SECRET);
        expect(app.secrets.open(totpOwner(id), boxed)).toBe(TEST_TOTP_SECRET);
      }
    }

    const rewrites = (app: FastifyInstance) =>
      app.db
        .selectFrom('audit_log')
        .select(['actor', 'role', 'action', 'object', 'outcome'])
        .where('action', '=', 'crypto.mode.rewrite')
        .orderBy('seq')
        .execute();

    /** A seal request waiting for approval with an imported key: its envelope follows the mode too. */
    async function pendingImport(app: FastifyInstance) {
      const ref = randomUUID();
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const envelope = Buffer.from(encryptKeyEnvelope(kek, key, ref)).toString('base64');
      await app.db
        .insertInto('approval_requests')
        .values({
          id: randomUUID(),
          type: 'seal.make',
          title: '刻制印章：导入的章',
          requester_id: await userIdOf(app.db, 'creator'),
          unit_id: demo.units.school,
          seal_id: null,
          payload: JSON.stringify({
            name: '导入的章',
            key: { source: 'imported', ref, envelope, certificate: '' },
          }),
          flow: '{}',
          state: '{}',
          status: 'pending',
          version: 1,
          result: null,
          created_at: now().toISOString(),
          updated_at: now().toISOString(),
          completed_at: null,
        })
        .execute();
    }

    it('standard → gm → standard: TOTP keys, pending enrolments, reset codes and integration secrets (OpenID client, LDAP bind, webhook, SMTP password) follow, sign-in works, one audit entry per switch', async () => {
      // Standard: three enrolled security roles, creator half-way through enrolment, teacher's reset code waiting.
      const first = await start('standard');
      demo = await seedDemoSchool(first.db, now());
      await storeTestTotp(first.db, first.secrets, ['sysadmin', 'secadmin', 'auditor']);
      const sys = await withTotp(first, 'sysadmin');
      const teacherId = await userIdOf(first.db, 'teacher');
      expect((await inject(first, sys, 'POST', `/api/users/${teacherId}/password`, {})).statusCode).toBe(200);
      const creator = await signIn(first, 'creator', password('creator'));
      const setup = await inject(first, creator, 'POST', '/api/auth/totp');
      expect(setup.statusCode, setup.body).toBe(200);
      const creatorSecret = (setup.json() as { secret: string }).secret;
      await pendingImport(first);
      const { id: resetId } = await first.db
        .selectFrom('password_resets')
        .select('id')
        .where('user_id', '=', teacherId)
        .executeTakeFirstOrThrow();
      const secretsKept = [
        'totp_secret:sysadmin',
        'totp_secret:secadmin',
        'totp_secret:auditor',
        'totp_pending:creator',
        `code_box:${resetId}`,
        ...(await integrationSecrets(first, sys)),
      ];
      await allIn(first, 'standard', secretsKept);
      expect(await rewrites(first)).toEqual([]);
      await first.close();

      // gm: everything is SM4 now, and still opens: sign-in with the same authenticator, the enrolment completes.
      const gm = await start('gm');
      await allIn(gm, 'gm', secretsKept);
      await withTotp(gm, 'auditor');
      const creatorGm = await signIn(gm, 'creator', password('creator'));
      const confirm = await inject(gm, creatorGm, 'POST', '/api/auth/totp/confirm', {
        code: totpCode(creatorSecret, now()),
      });
      expect(confirm.statusCode, confirm.body).toBe(200);
      const afterConfirm = secretsKept
        .filter((k) => k !== 'totp_pending:creator')
        .concat('totp_secret:creator');
      // The secret confirmed in gm was sealed in gm from the start.
      await allIn(gm, 'gm', afterConfirm);
      const toGm = {
        actor: 'system',
        role: null,
        action: 'crypto.mode.rewrite',
        object: 'mode:gm seals:0 requests:1 secrets:9',
        outcome: 'success',
      };
      expect(await rewrites(gm)).toEqual([toGm]);
      await gm.close();

      // A second start in the same mode finds nothing to rewrite and audits nothing.
      const again = await start('gm');
      expect(await rewrites(again)).toEqual([toGm]);
      await again.close();

      // Back to standard: AES again; the reset code survives both switches and signs in.
      const back = await start('standard');
      await allIn(back, 'standard', afterConfirm);
      await withTotp(back, 'creator', creatorSecret);
      const head = await signIn(back, 'president', password('president'));
      const revealed = await inject(back, head, 'POST', `/api/auth/password-resets/${resetId}/reveal`);
      expect(revealed.statusCode, revealed.body).toBe(200);
      await signIn(back, 'teacher', (revealed.json() as { code: string }).code);
      expect(await rewrites(back)).toEqual([
        toGm,
        { ...toGm, object: 'mode:standard seals:0 requests:1 secrets:9' },
      ]);
      await back.close();
    }, 120_000);

    it('two servers rewriting at once rewrite each secret once', async () => {
      const app = await start('standard');
      try {
        const before = await storedSecrets(app);
        expect(Object.keys(before).length).toBeGreaterThanOrEqual(4);
        const boxes = [kekSecretBox(() => kek, 'gm'), kekSecretBox(() => kek, 'gm')];
        const counts = await Promise.all(boxes.map((box) => resealColumns(app.db, box, BOXED_SECRETS)));
        expect(counts[0]! + counts[1]!).toBe(Object.keys(before).length);
        const after = await storedSecrets(app);
        for (const [where, value] of Object.entries(after)) expect(value, where).toMatch(/^v2:/);
        expect(await Promise.all(boxes.map((box) => resealColumns(app.db, box, BOXED_SECRETS)))).toEqual([
          0, 0,
        ]);
      } finally {
        await app.close();
      }
    });
  });
}
