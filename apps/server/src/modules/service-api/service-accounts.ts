// Service accounts: created with a scope by the seal office (pending), approved or rejected by a
// security admin who did not ask for it (two people), suspended, resumed (pending again), re-keyed
// and revoked. Each change and its audit entry commit together; the key is returned only by create
// and rotate. The seals of the scope are granted to the account's user (seal grants), so the seal
// step's own authority check, quota and the seal's grant list apply to it as to a person.
import { randomUUID } from 'node:crypto';
import type {
  CreateServiceAccountBody,
  ServiceAccount,
  ServiceAccountStatus,
  ServiceAccountWithKey,
  ServiceOperation,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ServiceAccountTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { displayNames } from '../auth/accounts.ts';
import { newApiKey } from '../auth/api-keys.ts';
import { insertServiceUser, serviceUsername } from '../auth/service-users.ts';
import { templateByCode } from '../credentials/templates-service.ts';
import { subtreeIds, unitPath } from '../org/org-service.ts';
import { grantSealUse } from '../seals/seal-grants.ts';
import { auditWho, type SealActor, type SealsContext } from '../seals/seals-context.ts';
import { sealOwnerUnit } from '../seals/seals-service.ts';
import { invalidNetworks } from './ip-allow.ts';

export type ServiceAccountRow = Selectable<ServiceAccountTable>;

export function toServiceAccount(r: ServiceAccountRow): ServiceAccount {
  return {
    id: r.id,
    username: serviceUsername(r.name),
    displayName: '',
    unitId: r.unit_id,
    sealIds: JSON.parse(r.seal_ids) as string[],
    typeCodes: JSON.parse(r.type_codes) as string[],
    operations: JSON.parse(r.operations) as ServiceOperation[],
    ipAllow: JSON.parse(r.ip_allow) as string[],
    ratePerMinute: Number(r.rate_per_minute),
    status: r.status,
    keyPrefix: r.key_prefix,
    createdBy: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

/** The accounts with their display names (their account rows' names). */
async function withNames(db: Kysely<Database>, rows: ServiceAccountRow[]): Promise<ServiceAccount[]> {
  const names = await displayNames(
    db,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({ ...toServiceAccount(r), displayName: names.get(r.user_id) ?? r.name }));
}

async function accountRow(db: Kysely<Database>, id: string): Promise<ServiceAccountRow> {
  const row = await db.selectFrom('service_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `service account ${id} not found`);
  return row;
}

/** The unit an account belongs to (the scope of the console's routes on it). */
export async function serviceAccountUnit(db: Kysely<Database>, id: string): Promise<string> {
  return (await accountRow(db, id)).unit_id;
}

/** The accounts of a unit and the units below it, newest first. */
export async function listServiceAccounts(db: Kysely<Database>, unitId: string): Promise<ServiceAccount[]> {
  const units = await subtreeIds(db, unitId);
  const rows = await db
    .selectFrom('service_accounts')
    .selectAll()
    .where('unit_id', 'in', units)
    .orderBy('created_at', 'desc')
    .orderBy('name')
    .execute();
  return withNames(db, rows);
}

/** The accounts waiting for a security admin, oldest first. */
export async function pendingServiceAccounts(db: Kysely<Database>): Promise<ServiceAccount[]> {
  const rows = await db
    .selectFrom('service_accounts')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .execute();
  return withNames(db, rows);
}

/** Refuses a scope naming a seal outside the account's part of the org tree, or an unknown type. */
async function checkScope(db: Kysely<Database>, body: CreateServiceAccountBody): Promise<void> {
  const bad = invalidNetworks(body.ipAllow);
  if (bad.length > 0)
    throw new AppError(
      'ERR_VALIDATION',
      'ipAllow holds entries that are not networks',
      bad.map((b) => `ipAllow: ${b}`),
    );
  for (const sealId of body.sealIds) {
    const path = await unitPath(db, await sealOwnerUnit(db, sealId));
    if (!path.includes(body.unitId)) throw new AppError('ERR_SERVICE_ACCOUNT_SEAL_OUTSIDE', `seal ${sealId}`);
  }
  for (const code of body.typeCodes) await templateByCode(db, code);
}

export interface ServiceAccountsContext {
  db: Kysely<Database>;
  clock: () => Date;
  seals: SealsContext;
}

export async function createServiceAccount(
  ctx: ServiceAccountsContext,
  body: CreateServiceAccountBody,
  who: SealActor,
): Promise<ServiceAccountWithKey> {
  await checkScope(ctx.db, body);
  const taken = await ctx.db
    .selectFrom('service_accounts')
    .select('id')
    .where('name', '=', body.name)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_SERVICE_ACCOUNT_NAME_TAKEN');
  const key = newApiKey();
  const now = ctx.clock();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const userId = await insertServiceUser(
      trx,
      { name: body.name, displayName: body.displayName, unitId: body.unitId },
      now,
    );
    const row: ServiceAccountRow = {
      id: randomUUID(),
      user_id: userId,
      name: body.name,
      unit_id: body.unitId,
      seal_ids: JSON.stringify([...new Set(body.sealIds)]),
      type_codes: JSON.stringify([...new Set(body.typeCodes)]),
      operations: JSON.stringify([...new Set(body.operations)]),
      ip_allow: JSON.stringify(body.ipAllow),
      rate_per_minute: body.ratePerMinute,
      status: 'pending',
      key_prefix: key.prefix,
      key_sha256: key.sha256,
      created_by: who.actor,
      requested_by: who.userId,
      created_at: now.toISOString(),
      decided_by: null,
      decided_at: null,
    };
    await trx.insertInto('service_accounts').values(row).execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'service_account.create', object: objectOf(row), outcome: 'success' },
      { clock: ctx.clock },
    );
    return row;
  });
  // Each grant commits with its own audit entry (seal.grant): the seal's page lists the account
  // among its grantees, where the seal office sets a quota or an end date as for a person.
  for (const sealId of JSON.parse(row.seal_ids) as string[])
    await grantSealUse(ctx.seals, sealId, { userId: row.user_id }, who);
  const [account] = await withNames(ctx.db, [row]);
  return { account: account as ServiceAccount, key: key.key };
}

const objectOf = (row: Pick<ServiceAccountRow, 'id' | 'name'>) => `service_account:${row.id}/${row.name}`;

type Change = 'approve' | 'reject' | 'suspend' | 'resume' | 'revoke';

/** Which states each change starts from, and where it leads. */
const CHANGES: Record<Change, { from: readonly ServiceAccountStatus[]; to: ServiceAccountStatus }> = {
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'pending' },
  revoke: { from: ['pending', 'active', 'suspended'], to: 'revoked' },
};

/**
 * One change of state. The one who asked for approval (created or resumed the account) cannot
 * approve it: the two-person rule. Conditional on the state read, so two deciders cannot both win.
 */
export async function changeServiceAccount(
  ctx: ServiceAccountsContext,
  id: string,
  change: Change,
  who: SealActor,
): Promise<ServiceAccount> {
  const rule = CHANGES[change];
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = await accountRow(trx, id);
    if (!rule.from.includes(row.status)) throw new AppError('ERR_SERVICE_ACCOUNT_STATE', `${row.status}`);
    if (change === 'approve' && row.requested_by === who.userId)
      throw new AppError('ERR_SERVICE_ACCOUNT_SELF_APPROVAL');
    const now = ctx.clock().toISOString();
    const decided = change === 'approve' || change === 'reject';
    const set = {
      status: rule.to,
      ...(decided ? { decided_by: who.actor, decided_at: now } : {}),
      ...(change === 'resume' ? { requested_by: who.userId, decided_by: null, decided_at: null } : {}),
    };
    const updated = await trx
      .updateTable('service_accounts')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_SERVICE_ACCOUNT_STATE');
    await appendAudit(
      trx,
      { ...auditWho(who), action: `service_account.${change}`, object: objectOf(row), outcome: 'success' },
      { clock: ctx.clock },
    );
    return { ...row, ...set } as ServiceAccountRow;
  });
  return (await withNames(ctx.db, [row]))[0] as ServiceAccount;
}

/** A new key for an account not yet ended; the old key stops working when this commits. */
export async function rotateServiceAccountKey(
  ctx: ServiceAccountsContext,
  id: string,
  who: SealActor,
): Promise<ServiceAccountWithKey> {
  const key = newApiKey();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = await accountRow(trx, id);
    if (row.status === 'revoked' || row.status === 'rejected')
      throw new AppError('ERR_SERVICE_ACCOUNT_STATE', row.status);
    await trx
      .updateTable('service_accounts')
      .set({ key_prefix: key.prefix, key_sha256: key.sha256 })
      .where('id', '=', id)
      .execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'service_account.rotate', object: objectOf(row), outcome: 'success' },
      { clock: ctx.clock },
    );
    return { ...row, key_prefix: key.prefix, key_sha256: key.sha256 };
  });
  const [account] = await withNames(ctx.db, [row]);
  return { account: account as ServiceAccount, key: key.key };
}

/** The account a key's SHA-256 names, or undefined. */
export async function accountByKeySha256(
  db: Kysely<Database>,
  sha256: string,
): Promise<ServiceAccountRow | undefined> {
  return db.selectFrom('service_accounts').selectAll().where('key_sha256', '=', sha256).executeTakeFirst();
}
