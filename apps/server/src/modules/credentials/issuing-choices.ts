// What the console offers a template admin and a registrar to choose from: the seals a template may
// name, and the credential types a registrar may import records for and issue.
import type { CredentialTemplateSummary, TemplateSealOption } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Grant } from '../../plugins/access-policy.ts';
import { unitIdsUnder } from '../org/unit-reads.ts';
import { signableSeals } from '../seals/seal-use-rows.ts';
import { scopePaths } from './archive-service.ts';
import { toTemplateSummary } from './templates-service.ts';

/**
 * The seals a template may name, school-wide: a type owned by 教务处 is sealed with the school's 公章,
 * which sits outside 教务处's subtree. Active and electronic (not physical, with a certificate).
 */
export function templateSealOptions(db: Kysely<Database>): Promise<TemplateSealOption[]> {
  return signableSeals(db);
}

/** The active credential types the grants may import records for and issue: owned within their scope. */
export async function issuableTypes(
  db: Kysely<Database>,
  grants: readonly Grant[],
): Promise<CredentialTemplateSummary[]> {
  const units = await unitIdsUnder(db, await scopePaths(db, grants, 'credentials.issue'));
  if (units.length === 0) return [];
  const rows = await db
    .selectFrom('credential_templates')
    .selectAll()
    .where('active', '=', 1)
    .where('owner_unit_id', 'in', units)
    .orderBy('code')
    .execute();
  return rows.map(toTemplateSummary);
}
