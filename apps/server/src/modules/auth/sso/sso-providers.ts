import type { SsoProviderButton } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database, SsoProviderTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import type { SecretBox } from '../secret-box.ts';

/** Which claims (OIDC) or attributes (CAS) carry the campus ID, the unit and the display name. */
export interface ClaimMapping {
  campusId: string;
  unit: string;
  name: string;
}

/** A provider ready to use: its client secret opened. */
export type SsoProvider =
  | {
      kind: 'oidc';
      id: string;
      name: string;
      issuer: string;
      clientId: string;
      clientSecret: string;
      scopes: string;
      claims: ClaimMapping;
      updatedAt: string;
    }
  | {
      kind: 'cas';
      id: string;
      name: string;
      baseUrl: string;
      version: 2 | 3;
      claims: ClaimMapping;
      updatedAt: string;
    };

/** What the system admin saves; the secret is sealed under the KEK before it is stored. */
export type SsoProviderInput =
  | {
      kind: 'oidc';
      name: string;
      enabled: boolean;
      issuer: string;
      clientId: string;
      /** Omitted when unchanged: the stored one stays. */
      clientSecret?: string | undefined;
      scopes: string;
      claims: ClaimMapping;
    }
  | { kind: 'cas'; name: string; enabled: boolean; baseUrl: string; version: 2 | 3; claims: ClaimMapping };

export const ssoSecretOwner = (providerId: string) => `sso:${providerId}`;

/** Inserts or replaces a provider inside the caller's transaction (the caller audits). */
export async function saveSsoProvider(
  trx: Kysely<Database>,
  secrets: SecretBox,
  id: string,
  input: SsoProviderInput,
  now: Date,
): Promise<void> {
  const existing = await trx.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
  const oidc = input.kind === 'oidc' ? input : null;
  const secretBox =
    oidc?.clientSecret !== undefined
      ? secrets.seal(ssoSecretOwner(id), oidc.clientSecret)
      : oidc
        ? (existing?.client_secret_box ?? null)
        : null;
  const row: Omit<SsoProviderTable, 'id' | 'created_at'> = {
    kind: input.kind,
    name: input.name,
    enabled: input.enabled ? 1 : 0,
    url: input.kind === 'oidc' ? input.issuer : input.baseUrl,
    client_id: oidc?.clientId ?? null,
    client_secret_box: secretBox,
    scopes: oidc?.scopes ?? null,
    cas_version: input.kind === 'cas' ? input.version : null,
    campus_id_claim: input.claims.campusId,
    unit_claim: input.claims.unit,
    name_claim: input.claims.name,
    updated_at: now.toISOString(),
  };
  if (existing) await trx.updateTable('sso_providers').set(row).where('id', '=', id).execute();
  else
    await trx
      .insertInto('sso_providers')
      .values({ ...row, id, created_at: now.toISOString() })
      .execute();
}

/** The enabled providers, for the sign-in page's buttons. */
export async function listEnabledSsoProviders(db: Kysely<Database>): Promise<SsoProviderButton[]> {
  const rows = await db
    .selectFrom('sso_providers')
    .select(['id', 'kind', 'name'])
    .where('enabled', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name }));
}

/** An enabled provider with its secret opened; ERR_SSO_PROVIDER_UNKNOWN when missing or disabled. */
export async function enabledSsoProvider(
  db: Kysely<Database>,
  secrets: SecretBox,
  id: string,
): Promise<SsoProvider> {
  const row = await db
    .selectFrom('sso_providers')
    .selectAll()
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_SSO_PROVIDER_UNKNOWN');
  const claims = { campusId: row.campus_id_claim, unit: row.unit_claim, name: row.name_claim };
  if (row.kind === 'cas')
    return {
      kind: 'cas',
      id: row.id,
      name: row.name,
      baseUrl: row.url,
      version: row.cas_version === 2 ? 2 : 3,
      claims,
      updatedAt: row.updated_at,
    };
  if (row.client_id === null || row.client_secret_box === null)
    throw new AppError('ERR_SSO_PROVIDER_UNKNOWN');
  return {
    kind: 'oidc',
    id: row.id,
    name: row.name,
    issuer: row.url,
    clientId: row.client_id,
    clientSecret: secrets.open(ssoSecretOwner(row.id), row.client_secret_box),
    scopes: row.scopes ?? 'openid',
    claims,
    updatedAt: row.updated_at,
  };
}
