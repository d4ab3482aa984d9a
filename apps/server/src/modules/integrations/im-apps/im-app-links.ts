import type { ImApp } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { accountIdByCampusId } from '../../auth/sso/vouched-sign-in.ts';

/**
 * The account a vendor user is: the one it signed in as before, else the one whose campus ID (学号/工号)
 * is among `campusIds` (the vendor's user id, DingTalk's job number), then remembered. Null when none.
 */
export async function linkedAccount(
  db: Kysely<Database>,
  app: ImApp,
  vendorUserId: string,
  campusIds: readonly string[],
  now: Date,
): Promise<string | null> {
  const link = await db
    .selectFrom('im_app_links')
    .select('user_id')
    .where('app', '=', app)
    .where('vendor_user_id', '=', vendorUserId)
    .executeTakeFirst();
  if (link) return link.user_id;
  const userId = await accountIdByCampusId(db, campusIds);
  if (userId === null) return null;
  // One vendor id per account and app: a person renumbered at the vendor moves their link.
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('im_app_links').where('app', '=', app).where('user_id', '=', userId).execute();
    await trx
      .insertInto('im_app_links')
      .values({ app, vendor_user_id: vendorUserId, user_id: userId, linked_at: now.toISOString() })
      .execute();
  });
  return userId;
}

/** The vendor user id a message to this person goes to: the linked one, else their campus ID. */
export async function vendorUserIdOf(
  db: Kysely<Database>,
  app: ImApp,
  to: { userId: string; campusId: string | null },
): Promise<string | null> {
  const link = await db
    .selectFrom('im_app_links')
    .select('vendor_user_id')
    .where('app', '=', app)
    .where('user_id', '=', to.userId)
    .executeTakeFirst();
  return link?.vendor_user_id ?? to.campusId;
}
