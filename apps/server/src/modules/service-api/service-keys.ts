// The key check of every service route (the authorize hook calls it, onRequest, before the body is
// read): the key names an account -> the account is active -> the caller's address is on its allow
// list -> its scope names the operation -> it is within its requests per minute. A refusal past the
// key is audited under the account's name; a caller without a valid key learns nothing and is slowed.
import { SERVICE_OPERATIONS, type ServiceOperation } from '@openseal/contract';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, retryLater } from '../../errors.ts';
import type { AuthenticateService } from '../../plugins/authorize.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { bearerKeySha256 } from '../auth/api-keys.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { serviceUsername } from '../auth/service-users.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { allowListMatcher } from './ip-allow.ts';
import { accountByKeySha256, type ServiceAccountRow } from './service-accounts.ts';

/** The account a service request acts as, and what its scope allows. */
export interface ServiceCaller {
  accountId: string;
  name: string;
  userId: string;
  unitId: string;
  sealIds: readonly string[];
  typeCodes: readonly string[];
}

export interface ServiceKeyGate {
  authenticate: AuthenticateService;
  /** The caller `authenticate` admitted; only service routes have one. */
  callerOf(req: FastifyRequest): ServiceCaller;
}

/** Failed keys per client address per minute before the address waits out the minute. */
const KEY_FAILURES = { maxAttempts: 30, windowMs: 60_000 };
const MINUTE_MS = 60_000;

/** Who acts, for the seal step, the ledger and the audit log: the account's own row. */
export function serviceActor(caller: ServiceCaller, requestId: string | null): SealActor {
  return {
    actor: serviceUsername(caller.name),
    userId: caller.userId,
    role: null,
    org: caller.unitId,
    requestId,
  };
}

function callerFrom(row: ServiceAccountRow): ServiceCaller {
  return {
    accountId: row.id,
    name: row.name,
    userId: row.user_id,
    unitId: row.unit_id,
    sealIds: JSON.parse(row.seal_ids) as string[],
    typeCodes: JSON.parse(row.type_codes) as string[],
  };
}

export function serviceKeyGate(clock: () => Date): ServiceKeyGate {
  const callers = new WeakMap<FastifyRequest, ServiceCaller>();
  const failures = new LoginLimiter(KEY_FAILURES.maxAttempts, KEY_FAILURES.windowMs);
  /** One fixed-window counter per account and rate (a changed rate starts a new one). */
  const rates = new Map<string, LoginLimiter>();
  /** Parsed allow lists, by their JSON. */
  const allowLists = new Map<string, (ip: string) => boolean>();

  const refuse = async (
    db: Kysely<Database>,
    req: FastifyRequest,
    row: ServiceAccountRow,
    code: RefusalCode,
  ) => {
    await appendAudit(
      db,
      {
        actor: serviceUsername(row.name),
        role: null,
        org: row.unit_id,
        requestId: req.id,
        action: 'service.call',
        object: `service_account:${row.id}/${req.routeOptions.url ?? req.url}`,
        outcome: 'denied',
      },
      { clock },
    );
    return new AppError(code);
  };

  const authenticate: AuthenticateService = async (req, operation) => {
    const now = clock().getTime();
    // No key at all (a console session, a browser) is no guess: refused, but not counted.
    if (req.headers.authorization === undefined) throw new AppError('ERR_SERVICE_KEY_REQUIRED');
    const sha256 = bearerKeySha256(req.headers.authorization);
    const row = sha256 ? await accountByKeySha256(req.server.db, sha256) : undefined;
    if (!row) {
      if (!failures.take(`service-key\u0000${req.ip}`, now))
        throw retryLater('ERR_RATE_LIMITED', failures.retryAfterMs(`service-key\u0000${req.ip}`, now));
      throw new AppError('ERR_SERVICE_KEY_REQUIRED');
    }
    if (row.status !== 'active') throw await refuse(req.server.db, req, row, 'ERR_SERVICE_ACCOUNT_INACTIVE');
    let allowed = allowLists.get(row.ip_allow);
    if (!allowed) {
      allowed = allowListMatcher(JSON.parse(row.ip_allow) as string[]);
      allowLists.set(row.ip_allow, allowed);
    }
    if (!allowed(req.ip)) throw await refuse(req.server.db, req, row, 'ERR_SERVICE_IP_NOT_ALLOWED');
    if (!scopeAllows(row, operation))
      throw await refuse(req.server.db, req, row, 'ERR_SERVICE_SCOPE_OPERATION');
    const rateKey = `${row.id}:${row.rate_per_minute}`;
    let rate = rates.get(rateKey);
    if (!rate) {
      rate = new LoginLimiter(Number(row.rate_per_minute), MINUTE_MS);
      rates.set(rateKey, rate);
    }
    if (!rate.take(row.id, now)) throw retryLater('ERR_SERVICE_RATE_LIMITED', rate.retryAfterMs(row.id, now));
    callers.set(req, callerFrom(row));
  };

  return {
    authenticate,
    callerOf(req) {
      const caller = callers.get(req);
      if (!caller) throw new AppError('ERR_SERVICE_KEY_REQUIRED');
      return caller;
    },
  };
}

type RefusalCode =
  | 'ERR_SERVICE_ACCOUNT_INACTIVE'
  | 'ERR_SERVICE_IP_NOT_ALLOWED'
  | 'ERR_SERVICE_SCOPE_OPERATION';

function scopeAllows(row: ServiceAccountRow, operation: ServiceOperation): boolean {
  const operations = JSON.parse(row.operations) as string[];
  return SERVICE_OPERATIONS.includes(operation) && operations.includes(operation);
}

/** The caller an active account acts as outside a request (its batches), or null when it is not active. */
export async function activeCaller(db: Kysely<Database>, accountId: string): Promise<ServiceCaller | null> {
  const row = await db
    .selectFrom('service_accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row && row.status === 'active' ? callerFrom(row) : null;
}
