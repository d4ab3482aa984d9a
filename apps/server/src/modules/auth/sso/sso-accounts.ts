import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import { listOrgUnits } from '../../org/org-service.ts';
import { insertAccount } from '../accounts.ts';
import type { ClaimMapping } from './sso-providers.ts';

/** Gives a new person the member role at their unit (the users module's grants, passed in by app.ts). */
export type GrantMember = (trx: Kysely<Database>, userId: string, unitId: string, now: Date) => Promise<void>;

/** A claim's value as text: OIDC claims may be numbers; CAS attributes are lists of one. */
export function claimText(claims: Record<string, unknown>, name: string): string | null {
  const raw = claims[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * The account a verified identity signs in as: the one linked by campus ID (学号/工号); else, on the
 * first sign-in, a new account in the unit the unit claim names (by id, Chinese or English name) with
 * the member role. A unit OpenSeal does not have is refused (ERR_SSO_UNIT_UNKNOWN), and so is a local
 * account already using the campus ID as its username (it must be linked by an admin, not taken over).
 */
export async function accountForClaims(
  trx: Kysely<Database>,
  provider: { id: string; claims: ClaimMapping },
  claims: Record<string, unknown>,
  grantMember: GrantMember,
  requestId: string,
  now: Date,
): Promise<string> {
  const campusId = claimText(claims, provider.claims.campusId);
  if (campusId === null) throw new AppError('ERR_SSO_CLAIM_MISSING');
  const linked = await trx
    .selectFrom('users')
    .select('id')
    .where('campus_id', '=', campusId)
    .executeTakeFirst();
  if (linked) return linked.id;

  const unitClaim = claimText(claims, provider.claims.unit);
  if (unitClaim === null) throw new AppError('ERR_SSO_CLAIM_MISSING');
  const unit = (await listOrgUnits(trx)).find(
    (u) => u.id === unitClaim || u.nameZh === unitClaim || u.nameEn === unitClaim,
  );
  if (!unit) throw new AppError('ERR_SSO_UNIT_UNKNOWN');
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', campusId)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_SSO_ACCOUNT_CONFLICT');
  // The password is random and never shown: this person signs in through the school's identity only.
  const id = await insertAccount(
    trx,
    {
      username: campusId,
      displayName: claimText(claims, provider.claims.name) ?? campusId,
      unitId: unit.id,
      password: randomBytes(32).toString('base64url'),
    },
    now,
  );
  await trx.updateTable('users').set({ campus_id: campusId }).where('id', '=', id).execute();
  await grantMember(trx, id, unit.id, now);
  await appendAudit(trx, {
    actor: campusId,
    action: 'auth.sso.provision',
    object: `user:${id}`,
    outcome: 'success',
    requestId,
  });
  return id;
}
