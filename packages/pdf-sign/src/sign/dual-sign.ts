// Dual signature (双算法): one visible seal backed by an RSA/ECDSA PAdES signature that Adobe Reader and
// poppler check, and an invisible SM2 signature for 国密 relying parties, each with its own timestamp.
// Revision 1 is the primary signature; it also creates the SM2 signature's empty field, so revision 2
// only fills a field that existed when the primary signed, which DocMDP P=2 allows (ISO 32000-2
// 12.8.2.2.2) and a verifier counts as a new signature rather than a change to the form. The primary
// comes first because a certification must be the first signature and poppler checks the certificate
// of only the first timestamped signature of a file (NOTES, "Validators' fine print").

import { PdfDocument } from '../core/document.ts';
import { addDocumentTimestamp } from './document-timestamp.ts';
import { addValidationData } from './dss.ts';
import { chooseFieldName, type FormState, readForm } from './form-fields.ts';
import { sign } from './sign.ts';
import { SignError } from './sign-error.ts';
import { LEVELS } from './sign-option-checks.ts';
import type { CmsForm, PadesLevel, SealCredentials, SignOptions } from './sign-options.ts';

/** One of the two signatures: who signs, who timestamps, who answers for revocation, and the words. */
export type DualSigner = Pick<
  SignOptions,
  'timestamper' | 'revocation' | 'reason' | 'location' | 'contactInfo' | 'name' | 'fieldName' | 'contentsSize'
> & { credentials: SealCredentials };

export interface DualSignOptions {
  /**
   * Default 'B-T'; one level for both, since the B-LT DSS and the B-LTA document timestamp come after
   * the second signature and so serve both. Each signer's `timestamper` (B-T) and `revocation` (B-LT)
   * is asked for its own chains only.
   */
  level?: PadesLevel;
  /** RSA or ECDSA: the signature a viewer shows, with the seal impression. */
  primary: DualSigner &
    Pick<SignOptions, 'seal' | 'placement' | 'marks' | 'reserveFields'> & {
      /** A P=1 certification would forbid the SM2 signature that follows. */
      certify?: 2 | 3;
    };
  /**
   * SM2: invisible. `fieldName` defaults to the primary's field name followed by "-SM2"; naming an
   * existing empty signature field fills that instead of reserving a new one.
   */
  sm2: DualSigner & { cmsForm?: CmsForm };
  /** Source of both signatures' /M. */
  clock?: () => Date;
}

export async function signDual(pdf: Uint8Array, options: DualSignOptions): Promise<Uint8Array> {
  const level = options.level ?? 'B-T';
  const { primary, sm2 } = options;
  checkOptions(level, options);
  const sm2Field = planSm2Field(readForm(PdfDocument.parse(pdf)), primary.fieldName, sm2.fieldName);
  // The signatures themselves are B-T at most: the validation data below is added once, for both.
  const signedLevel: PadesLevel = level === 'B-B' ? 'B-B' : 'B-T';
  const words = (s: DualSigner): SignOptions => ({
    reason: s.reason,
    location: s.location,
    contactInfo: s.contactInfo,
    name: s.name,
    contentsSize: s.contentsSize,
    timestamper: s.timestamper,
    clock: options.clock,
    level: signedLevel,
  });

  let out = await sign(pdf, primary.credentials, {
    ...words(primary),
    fieldName: primary.fieldName,
    seal: primary.seal,
    placement: primary.placement,
    marks: primary.marks,
    certify: primary.certify,
    // Without a seal a reserved field is invisible: /Rect [0 0 0 0] on page 1, as the SM2 one will be.
    reserveFields: sm2Field.reserve
      ? [{ name: sm2Field.name }, ...(primary.reserveFields ?? [])]
      : primary.reserveFields,
  });
  out = await sign(out, sm2.credentials, { ...words(sm2), fieldName: sm2Field.name, cmsForm: sm2.cmsForm });

  if (level === 'B-LT' || level === 'B-LTA') {
    out = await addValidationData(out, {
      revocation: primary.revocation!,
      revocationByField: new Map([[sm2Field.name, sm2.revocation!]]),
      extraCertificates: [...primary.credentials.chain, ...sm2.credentials.chain],
    });
  }
  if (level === 'B-LTA') {
    // One document timestamp, by the primary's TSA, over both signatures and the DSS: every viewer
    // checks it, and its TSA's chain and revocation data are already in the DSS (see sign()).
    out = await addDocumentTimestamp(out, primary.timestamper!, {
      digestAlgorithm: primary.credentials.signer.digestAlgorithm,
    });
  }
  return out;
}

function checkOptions(level: PadesLevel, o: DualSignOptions): void {
  const fail = (msg: string) => {
    throw new SignError('ERR_SIGN_OPTIONS', msg);
  };
  if (!LEVELS.includes(level)) fail(`unknown PAdES level ${String(level)}`);
  if (o.primary.credentials.signer.keyType === 'sm2') {
    fail('the primary signature of a dual signature must be RSA or ECDSA, which every viewer checks');
  }
  if (o.sm2.credentials.signer.keyType !== 'sm2') {
    fail(`the second signature of a dual signature must be SM2, not ${o.sm2.credentials.signer.keyType}`);
  }
  if (o.primary.certify !== undefined && o.primary.certify !== 2 && o.primary.certify !== 3) {
    fail('a dual signature certifies with P=2 or 3: P=1 forbids the SM2 signature that follows');
  }
  for (const [side, s] of [
    ['primary', o.primary],
    ['sm2', o.sm2],
  ] as const) {
    if (level !== 'B-B' && !s.timestamper)
      fail(`level ${level} needs a timestamper for the ${side} signature`);
    if ((level === 'B-LT' || level === 'B-LTA') && !s.revocation) {
      fail(`level ${level} needs a revocation source for the ${side} signature`);
    }
  }
}

/**
 * The SM2 signature's field, and whether the primary's revision must create it. When the primary fills
 * an existing empty field its revision may add no field (reserved-fields.ts), so the SM2 signature must
 * fill an existing one too.
 */
function planSm2Field(
  form: FormState,
  primaryField: string | undefined,
  requested: string | undefined,
): { name: string; reserve: boolean } {
  const isEmptyField = (name: string | undefined) => form.emptySignatureFields.some((f) => f.name === name);
  if (requested !== undefined && requested === primaryField) {
    throw new SignError('ERR_SIGN_OPTIONS', 'the primary and the SM2 signature need two different fields');
  }
  if (isEmptyField(requested)) return { name: requested!, reserve: false };
  if (isEmptyField(primaryField)) {
    throw new SignError(
      'ERR_SIGN_OPTIONS',
      `the primary signature fills the empty field "${primaryField}", so sm2.fieldName must name another empty signature field`,
    );
  }
  // A taken name is refused by sign() before anything is signed (reservedFields).
  return { name: requested ?? `${primaryField ?? chooseFieldName(form, undefined)}-SM2`, reserve: true };
}
