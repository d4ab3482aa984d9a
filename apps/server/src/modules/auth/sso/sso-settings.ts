import type { SsoProviderBody, SsoProviderSettings } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SsoProviderTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { type AuditEvent, appendAudit } from '../../audit/audit-log.ts';
import type { SecretBox } from '../secret-box.ts';
import { type SsoProviderInput, saveSsoProvider } from './sso-providers.ts';

function settingsOf(row: Selectable<SsoProviderTable>): SsoProviderSettings {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled === 1,
    url: row.url,
    clientId: row.client_id,
    clientSecretSet: row.client_secret_box !== null,
    scopes: row.scopes,
    casVersion: row.cas_version === 2 || row.cas_version === 3 ? row.cas_version : null,
    claims: { campusId: row.campus_id_claim, unit: row.unit_claim, name: row.name_claim },
    callbackPath: `/api/auth/sso/${row.id}/callback`,
    updatedAt: row.updated_at,
  };
}

export async function listSsoSettings(db: Kysely<Database>): Promise<SsoProviderSettings[]> {
  const rows = await db.selectFrom('sso_providers').selectAll().orderBy('id').execute();
  return rows.map(settingsOf);
}

/** What a body lacks for its kind (ERR_VALIDATION's details); empty when complete. */
function missingFields(body: SsoProviderBody, secretStored: boolean): string[] {
  if (body.kind === 'cas') return body.casVersion === undefined ? ['casVersion'] : [];
  return [
    ...(body.clientId === undefined ? ['clientId'] : []),
    ...(body.clientSecret === undefined && !secretStored ? ['clientSecret'] : []),
    ...(body.scopes === undefined ? ['scopes'] : []),
  ];
}

/**
 * Creates or changes a provider (the system admin's), audited in the same transaction. The audit entry
 * names what was set, never the secret.
 */
export async function saveSsoSettings(
  db: Kysely<Database>,
  secrets: SecretBox,
  id: string,
  body: SsoProviderBody,
  actor: Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'>,
  now: Date,
): Promise<SsoProviderSettings> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('sso_providers')
      .select(['client_secret_box', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    const missing = missingFields(body, existing?.kind === 'oidc' && existing.client_secret_box !== null);
    if (missing.length > 0) throw new AppError('ERR_VALIDATION', undefined, missing);
    const input: SsoProviderInput =
      body.kind === 'oidc'
        ? {
            kind: 'oidc',
            name: body.name,
            enabled: body.enabled,
            issuer: body.url,
            clientId: body.clientId as string,
            clientSecret: body.clientSecret,
            scopes: body.scopes as string,
            claims: body.claims,
          }
        : {
            kind: 'cas',
            name: body.name,
            enabled: body.enabled,
            baseUrl: body.url,
            version: body.casVersion as 2 | 3,
            claims: body.claims,
          };
    await saveSsoProvider(trx, secrets, id, input, now);
    await appendAudit(trx, {
      ...actor,
      action: existing ? 'sso.provider.update' : 'sso.provider.create',
      // What changed, never the secret itself.
      object: `sso:${id} kind:${body.kind} enabled:${body.enabled}${body.clientSecret !== undefined ? ' secret:set' : ''}`,
      outcome: 'success',
    });
    return settingsOf(
      await trx.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
  });
}
