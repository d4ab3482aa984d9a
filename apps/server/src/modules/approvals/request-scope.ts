import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { sealOwnerUnit } from '../seals/seals-service.ts';

/** The unit a physical-seal request acts on: its seal's owner unit, whose seal admins keep custody. */
export async function requestSealUnit(db: Kysely<Database>, requestId: string): Promise<string> {
  const row = await db
    .selectFrom('approval_requests')
    .select('seal_id')
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!row?.seal_id) throw new AppError('ERR_NOT_FOUND', 'request not found');
  return sealOwnerUnit(db, row.seal_id);
}
