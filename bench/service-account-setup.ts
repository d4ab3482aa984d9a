// A service account set up as the school would: the demo seal office (sealadmin) creates it with a
// scope through the console API, and the demo security admin (secadmin), enrolling the second factor
// its role requires on the way, approves it. Returns the key, shown that once.
import { createHmac } from 'node:crypto';
import type {
  CreateServiceAccountBody,
  Seal,
  ServiceAccountWithKey,
  SessionResponse,
} from '@openseal/contract';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) for the secret the server showed at enrolment. */
export function totp(secret: string, at = Date.now()): string {
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | BASE32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = (mac[19] as number) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function ok(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

export async function signIn(
  base: string,
  username: string,
  password: string,
  totpCode?: string,
): Promise<Session> {
  const res = await ok(
    await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, ...(totpCode ? { totpCode } : {}) }),
    }),
    `sign-in as ${username}`,
  );
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
  };
}

export async function call<T>(
  base: string,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await ok(
    await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    `${method} ${path}`,
  );
  return (await res.json()) as T;
}

/** The demo school's passwords, by username (printed once at the demo's first start). */
export type DemoPasswords = Readonly<Record<string, string>>;

/**
 * An approved account of the academic affairs office, allowed `operations` on the 成绩专用章 at
 * `ratePerMinute`; its key and the seal's id.
 */
export async function approvedServiceAccount(
  base: string,
  passwords: DemoPasswords,
  scope: Pick<CreateServiceAccountBody, 'name' | 'operations' | 'ratePerMinute'>,
): Promise<{ key: string; sealId: string; account: ServiceAccountWithKey['account'] }> {
  const password = (u: string) => {
    const p = passwords[u];
    if (!p) throw new Error(`no password for the demo account ${u}`);
    return p;
  };
  const office = await signIn(base, 'sealadmin', password('sealadmin'));
  const unitId = (await call<SessionResponse>(base, office, 'GET', '/api/auth/me')).user.grants[0]?.orgUnitId;
  if (!unitId) throw new Error('the demo seal admin has no grant');
  const seals = await call<Seal[]>(base, office, 'GET', `/api/seals?unitId=${unitId}`);
  const seal = seals.find((s) => s.name.includes('成绩专用章'));
  if (!seal) throw new Error('the demo has no 成绩专用章');
  const created = await call<ServiceAccountWithKey>(base, office, 'POST', '/api/service-accounts', {
    ...scope,
    displayName: `${scope.name} (OA)`,
    unitId,
    sealIds: [seal.id],
    typeCodes: [],
    ipAllow: [],
  });
  // The security admin's second factor, enrolled on first use as its holder would.
  const first = await signIn(base, 'secadmin', password('secadmin'));
  const { user: me } = await call<SessionResponse>(base, first, 'GET', '/api/auth/me');
  if (!me.totpEnrolled) {
    const { secret } = await call<{ secret: string }>(base, first, 'POST', '/api/auth/totp');
    await call(base, first, 'POST', '/api/auth/totp/confirm', { code: totp(secret) });
  }
  await call(base, first, 'POST', `/api/service-accounts/${created.account.id}/approve`);
  return { key: created.key, sealId: seal.id, account: created.account };
}
