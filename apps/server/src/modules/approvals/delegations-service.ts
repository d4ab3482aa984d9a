import { randomUUID } from 'node:crypto';
import type { CreateDelegationBody, Delegation, Notification } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DelegationTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { existingUserIds } from '../auth/accounts.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import { securityRoleHolders } from '../users/user-reads.ts';

const view = (r: Selectable<DelegationTable>): Delegation => ({
  id: r.id,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdAt: r.created_at,
});

/** Delegations from and to the user that have not ended. */
export async function listDelegations(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<Delegation[]> {
  const rows = await db
    .selectFrom('delegations')
    .selectAll()
    .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
    .where('ends_at', '>', now.toISOString())
    .orderBy('starts_at')
    .execute();
  return rows.map(view);
}

/** While away (出差/休假), the caller lets another user decide their approvals, for a time window. */
export async function createDelegation(
  db: Kysely<Database>,
  who: SealActor,
  body: CreateDelegationBody,
  now: Date,
): Promise<Delegation> {
  const starts = new Date(body.startsAt);
  const ends = new Date(body.endsAt);
  if (!(ends > starts) || ends <= now) {
    throw new AppError('ERR_VALIDATION', 'the delegation must end after it starts, in the future', [
      '/endsAt',
    ]);
  }
  if (body.toUserId === who.userId)
    throw new AppError('ERR_VALIDATION', 'delegate to someone else', ['/toUserId']);
  if (!(await existingUserIds(db, [body.toUserId])).has(body.toUserId))
    throw new AppError('ERR_NOT_FOUND', `user ${body.toUserId} not found`);
  // 三员分立: a system admin, security admin or auditor must never decide business requests.
  if ((await securityRoleHolders(db, [body.toUserId])).size > 0)
    throw new AppError('ERR_FORBIDDEN', 'approvals cannot be delegated to a security role holder');
  const row = {
    id: randomUUID(),
    from_user_id: who.userId,
    to_user_id: body.toUserId,
    starts_at: starts.toISOString(),
    ends_at: ends.toISOString(),
    created_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('delegations').values(row).execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'delegation.create', object: `user:${body.toUserId}`, outcome: 'success' },
      { clock: () => now },
    );
  });
  return view(row);
}

/** Ends one of the caller's own delegations now. */
export async function endDelegation(
  db: Kysely<Database>,
  who: SealActor,
  id: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('delegations')
      .set({ ends_at: now.toISOString() })
      .where('id', '=', id)
      .where('from_user_id', '=', who.userId)
      .where('ends_at', '>', now.toISOString())
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) !== 1) throw new AppError('ERR_NOT_FOUND', `delegation ${id} not found`);
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'delegation.end', object: `delegation:${id}`, outcome: 'success' },
      { clock: () => now },
    );
  });
}

export async function listNotifications(db: Kysely<Database>, userId: string): Promise<Notification[]> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    reason: r.reason,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function markNotificationsRead(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}
