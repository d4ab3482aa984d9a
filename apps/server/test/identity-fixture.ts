import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/schema.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { type SecretBox, totpOwner } from '../src/modules/auth/secret-box.ts';
import { base32Encode, totpCode } from '../src/modules/auth/totp.ts';
import type { TestDatabase, TestDatabaseKind } from './databases.ts';

export interface Session {
  cookie: string;
  csrf: string;
}

export interface IdentityFixture {
  app: FastifyInstance;
  db: TestDatabase;
  demo: DemoSchool;
  /** Test clock: advance with `clock.ms += n`. */
  clock: { ms: number };
  password(username: string): string;
  /** Enrols TOTP directly in the database; login() then sends the current code. */
  enrolTotp(username: string): Promise<void>;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

/** RFC 6238 Appendix B's key, for test accounts only. */
export const TEST_TOTP_SECRET = base32Encode(Buffer.from('12345678901234567890'));

export async function identityFixture(
  kind: TestDatabaseKind,
  loginLimit = { maxAttempts: 1000, windowMs: 60_000 },
): Promise<IdentityFixture> {
  const db = await kind.create();
  const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
  // The audit checkpoints are written under the data directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'openseal-identity-'));
  const app = await buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: db.config,
      logLevel: 'silent',
      kek: randomBytes(32),
      // Credentials issued here print it (a loopback address is refused outside demo mode).
      publicUrl: 'https://verify.demo.edu.cn',
    },
    { clock: () => new Date(clock.ms), loginLimit },
  );
  const demo = await seedDemoSchool(app.db, new Date(clock.ms));
  const currentCode = async (username: string) => {
    const row = await app.db
      .selectFrom('users')
      .select(['id', 'totp_secret'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row?.totp_secret) return {};
    return { totpCode: totpCode(app.secrets.open(totpOwner(row.id), row.totp_secret), new Date(clock.ms)) };
  };
  const password = (username: string) => {
    const a = demo.accounts.find((x) => x.username === username);
    if (!a) throw new Error(`no demo account ${username}`);
    return a.password;
  };
  const enrolTotp = (username: string) => storeTestTotp(app.db, app.secrets, [username]);
  // The security roles cannot act before enrolling a second factor.
  for (const username of ['sysadmin', 'secadmin', 'auditor']) await enrolTotp(username);
  return {
    app,
    enrolTotp,
    db,
    demo,
    clock,
    password,
    async login(username, pw) {
      return signIn(app, username, pw ?? password(username), (await currentCode(username)).totpCode);
    },
    async close() {
      await app.close();
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stores TEST_TOTP_SECRET as the server keeps secrets (encrypted under its KEK) for the named users,
 * or for everyone: an enrolled second factor without going through enrolment.
 */
export async function storeTestTotp(
  db: Kysely<Database>,
  secrets: SecretBox,
  usernames?: readonly string[],
): Promise<void> {
  let users = db.selectFrom('users').select('id');
  if (usernames) users = users.where('username', 'in', usernames);
  for (const { id } of await users.execute()) {
    await db
      .updateTable('users')
      .set({ totp_secret: secrets.seal(totpOwner(id), TEST_TOTP_SECRET) })
      .where('id', '=', id)
      .execute();
  }
}

/** Signs in through the API (expecting success) and returns the session's cookie and CSRF token. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string | undefined,
  totpCode?: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, ...(totpCode ? { totpCode } : {}) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';', 1)[0] as string, csrf: res.json().csrfToken };
}

/** Signs in a demo account with its generated password. */
export function signInDemo(
  app: FastifyInstance,
  demo: DemoSchool,
  username: string,
  totpCode?: string,
): Promise<Session> {
  return signIn(app, username, demo.accounts.find((a) => a.username === username)?.password, totpCode);
}

/** A user's id by username. */
export async function userIdOf(db: Kysely<Database>, username: string): Promise<string> {
  return (
    await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()
  ).id;
}

/** Request options carrying a session's cookie and CSRF header. */
export function as(s: Session): { headers: Record<string, string> } {
  return { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } };
}
