// The seal step for issued documents (credentials, one at a time or in batches): the issuing
// template's seals resolved and checked once per plan (a dual seal with its companion SM2 key), signed
// on the worker path (certified-sealing.ts), then recorded per document in the issuer's transaction.
import { randomUUID } from 'node:crypto';
import type { DocumentType, SealAppearanceSpec } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { findAccount } from '../auth/accounts.ts';
import { engineSpec } from '../seals/seal-image.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import { sealsForSigning } from '../seals/seal-use-rows.ts';
import type { SealActor, SealsContext } from '../seals/seals-context.ts';
import { stillSealable, writeLedgerRows } from './ledger.ts';
import type { SealAuthority } from './seal-authority.ts';
import { sealCertificates } from './seal-certificates.ts';
import type { SealUse } from './seal-use.ts';
import { sealable } from './sealable.ts';
import { templateSealUnavailable } from './sealing-errors.ts';

/** A seal an issuing template names, and for which role. */
export interface TemplateSealRef {
  role: 'issuer' | 'counter';
  sealId: string;
}

export interface TemplateSeals {
  issuer: SealUse;
  counter: SealUse | null;
}

/**
 * The seals template `authority.typeCode` names, ready to sign with. The template's policy is the
 * authority (no grant); each seal must be able to sign now, or ERR_CREDENTIAL_SEAL_UNAVAILABLE.
 */
export async function templateSeals(
  ctx: SealsContext,
  authority: Extract<SealAuthority, { kind: 'template' }>,
  refs: readonly TemplateSealRef[],
): Promise<TemplateSeals> {
  const { pki, timestamper } = ctx;
  if (!pki || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const rows = await sealsForSigning(
    ctx.db,
    refs.map((r) => r.sealId),
  );
  const useOf = (role: TemplateSealRef['role']): SealUse | null => {
    const ref = refs.find((r) => r.role === role);
    if (!ref) return null;
    const seal = rows.find((s) => s.id === ref.sealId);
    if (!seal?.certificate || !sealable(seal).ok)
      throw templateSealUnavailable(`the ${role} seal of ${authority.typeCode} cannot sign`);
    const image = seal.image && seal.image_type ? { bytes: seal.image, mediaType: seal.image_type } : null;
    const appearance = engineSpec(JSON.parse(seal.seal_spec) as SealAppearanceSpec, image);
    const certificates = (der: Uint8Array) => {
      const { certificate, chain } = sealCertificates(sealPkis(ctx), der);
      return { certificate: certificate.der, chain: chain.map((c) => c.der) };
    };
    return {
      sealId: seal.id,
      ...certificates(seal.certificate),
      appearance,
      ...(seal.sm2_certificate && {
        sm2: { sealId: seal.id, key: 'sm2' as const, ...certificates(seal.sm2_certificate), appearance },
      }),
    };
  };
  const issuer = useOf('issuer');
  if (!issuer) throw templateSealUnavailable(`${authority.typeCode} names no issuer seal`);
  return { issuer, counter: useOf('counter') };
}

/** One issued document as the ledger records it. */
export interface IssuedDocument {
  sha256: string;
  sm3: string;
  seals: TemplateSeals;
  by: SealActor;
  purpose: string;
  documentType: DocumentType;
  requestId: string | null;
  at: Date;
}

/**
 * Inside the issuer's transaction (with its record and audit entry): the seals are checked again (a
 * seal suspended while the document was being sealed yields no document), then one ledger row per
 * seal. Answers the issuer seal's ledger id.
 */
export async function recordIssuedDocument(trx: Kysely<Database>, doc: IssuedDocument): Promise<string> {
  const issuerRow = { id: randomUUID(), sealId: doc.seals.issuer.sealId };
  const rows = doc.seals.counter
    ? [issuerRow, { id: randomUUID(), sealId: doc.seals.counter.sealId }]
    : [issuerRow];
  const still = await stillSealable(
    trx,
    rows.map((r) => r.sealId),
  );
  if (!still.ok) throw templateSealUnavailable('a seal changed state while the credential was being sealed');
  const account = await findAccount(trx, doc.by.userId);
  await writeLedgerRows(trx, {
    sha256: doc.sha256,
    sm3: doc.sm3,
    rows,
    actor: doc.by,
    unitId: account?.unitId ?? null,
    purpose: doc.purpose,
    documentType: doc.documentType,
    grantId: null,
    requestId: doc.requestId,
    at: doc.at,
  });
  return issuerRow.id;
}
