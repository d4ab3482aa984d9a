import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { encryptPlaintextTotpSecrets } from '../auth/totp-enrolment.ts';
import { listRoleConflicts } from './users-service.ts';

/**
 * At start: encrypts TOTP secrets stored in plain text by earlier versions, and names every person
 * whose grants break 三员分立 (their business grants are not honoured; the auditor sees the same list
 * at GET /api/users/role-conflicts).
 */
export async function checkAccountsAtStart(
  db: Kysely<Database>,
  secrets: SecretBox,
  log: FastifyBaseLogger,
): Promise<void> {
  const encrypted = await encryptPlaintextTotpSecrets(db, secrets);
  if (encrypted > 0) log.info({ accounts: encrypted }, 'TOTP secrets encrypted under the KEK');
  for (const c of await listRoleConflicts(db)) {
    log.warn(
      { user: c.username, roles: c.grants.map((g) => g.role) },
      'separation of duties broken: a security role held beside another role; its business grants are ignored until the security admin revokes one',
    );
  }
}
