// Member accounts for the benches that need more people than the demo school has, made as the school
// would make them: the demo system admin (enrolling the second factor its role requires on the way)
// creates each through POST /api/users with a password, in the school's root unit.
import { randomBytes } from 'node:crypto';
import type { SessionResponse, User } from '@openseal/contract';
import { call, type DemoPasswords, signIn, totp } from './service-account-setup.ts';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高'];
const GIVEN = [...'伟芳娜敏静磊强洋艳杰娟涛明超秀霞平刚桂英华'];

/**
 * A three-character name for account `i`: the typed signature is a square personal seal (人名章),
 * which holds a short Chinese name and its suffix, not a long Latin one.
 */
function personName(i: number): string {
  const n = SURNAMES.length;
  return `${SURNAMES[i % n]}${GIVEN[Math.floor(i / n) % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
}

export interface MemberAccount {
  username: string;
  password: string;
}

/** `count` new accounts `<prefix>-0001`…, each with its own random password. */
export async function memberAccounts(
  base: string,
  passwords: DemoPasswords,
  prefix: string,
  count: number,
): Promise<MemberAccount[]> {
  const adminPassword = passwords['sysadmin'];
  if (!adminPassword) throw new Error('no password for the demo account sysadmin');
  const admin = await signIn(base, 'sysadmin', adminPassword);
  const { user: me } = await call<SessionResponse>(base, admin, 'GET', '/api/auth/me');
  if (!me.totpEnrolled) {
    const { secret } = await call<{ secret: string }>(base, admin, 'POST', '/api/auth/totp');
    await call(base, admin, 'POST', '/api/auth/totp/confirm', { code: totp(secret) });
  }
  const accounts: MemberAccount[] = [];
  for (let i = 1; i <= count; i++) {
    const username = `${prefix}-${String(i).padStart(4, '0')}`;
    const password = randomBytes(12).toString('base64url');
    await call<User>(base, admin, 'POST', '/api/users', {
      username,
      displayName: personName(i),
      unitId: me.unitId,
      password,
    });
    accounts.push({ username, password });
  }
  return accounts;
}
