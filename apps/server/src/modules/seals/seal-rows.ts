import type { Seal, SealAlgorithm, SealAppearanceSpec } from '@openseal/contract';
import { Certificate, formatName } from '@openseal/pki';
import type { Selectable } from 'kysely';
import type { SealTable } from '../../db/schema.ts';

/** Columns a seal is shown from: the key envelope and image bytes are never selected for display. */
export const PUBLIC_COLUMNS = [
  'id',
  'name',
  'type',
  'owner_unit_id',
  'status',
  'custodian_user_id',
  'physical',
  'seal_spec',
  'key_store',
  'certificate',
  'certificate_serial',
  'sm2_certificate',
  'created_at',
] as const;
export type PublicSealRow = Pick<Selectable<SealTable>, (typeof PUBLIC_COLUMNS)[number]>;

export function sealFromRow(row: PublicSealRow): Seal {
  const cert = row.certificate ? Certificate.fromDer(row.certificate) : null;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    ownerUnitId: row.owner_unit_id,
    status: row.status,
    custodianUserId: row.custodian_user_id,
    physical: Number(row.physical) === 1,
    spec: JSON.parse(row.seal_spec) as SealAppearanceSpec,
    keyStore: row.key_store,
    // A companion SM2 certificate makes a dual seal (双算法), whatever the primary's key type.
    algorithm: cert ? (row.sm2_certificate ? 'dual' : algorithmOf(cert)) : null,
    certificateSerial: row.certificate_serial,
    certificate: row.certificate ? Buffer.from(row.certificate).toString('base64') : null,
    certificateSubject: cert ? formatName(cert.subject) : null,
    certificateIssuer: cert ? formatName(cert.issuer) : null,
    certificateNotAfter: cert ? cert.notAfter.toISOString() : null,
    createdAt: row.created_at,
  };
}

/** The registry's name for a certificate's key type: derived, so no column has to agree with it. */
function algorithmOf(cert: Certificate): SealAlgorithm | null {
  switch (cert.keyType) {
    case 'rsa':
      return 'rsa';
    case 'ec':
      return 'ecdsa';
    case 'sm2':
      return 'sm2';
    default:
      return null;
  }
}
