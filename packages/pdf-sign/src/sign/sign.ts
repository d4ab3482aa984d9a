// PAdES signing (ETSI EN 319 142-1 baseline B-B … B-LTA) of a PDF with an optional visible seal: one
// incremental update per signature, then for B-LT a DSS update and for B-LTA a document timestamp.

import { PdfDocument } from '../core/document.ts';
import { PdfDict, PdfName } from '../core/objects.ts';
import { encodeTextString, formatPdfDate } from '../core/text-string.ts';
import { byteRangePlaceholder, contentsPlaceholder, digestByteRange, embedContents } from './byte-range.ts';
import { certificationLevel, docMdpReference } from './doc-mdp.ts';
import { addDocumentTimestamp } from './document-timestamp.ts';
import { addValidationData } from './dss.ts';
import { chooseFieldName, readForm } from './form-fields.ts';
import { buildPadesCms, estimateContentsSize } from './pades-cms.ts';
import { fitReservedField, reservedFields, withFieldPlacement } from './reserved-fields.ts';
import { sealWidgets } from './seal-widgets.ts';
import { SignError } from './sign-error.ts';
import type { PadesLevel, SealCredentials, SignOptions } from './sign-options.ts';
import { fillSignatureField, writeSignatureField } from './signature-field.ts';

export const LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
/** Headroom added to the measured CMS size when the estimated placeholder was too small. */
const RETRY_MARGIN = 1024;

export async function sign(
  pdf: Uint8Array,
  credentials: SealCredentials,
  options: SignOptions = {},
): Promise<Uint8Array> {
  const level = options.level ?? 'B-T';
  checkOptions(level, options, credentials);
  const doc = PdfDocument.parse(pdf);
  const form = readForm(doc);
  const certified = certificationLevel(doc);
  if (options.certify !== undefined && (certified !== undefined || form.signedFields.length > 0)) {
    throw new SignError(
      'ERR_SIGN_CERTIFY_NOT_FIRST',
      'a certification signature must be the first signature of the document (ISO 32000-2 12.8.2.2)',
    );
  }
  if (certified === 1) {
    throw new SignError(
      'ERR_SIGN_LOCKED',
      'the document is certified with DocMDP P=1: no further signature is allowed',
    );
  }
  const target = form.emptySignatureFields.find((f) => f.name === options.fieldName);
  if (target && options.reserveFields?.length) {
    throw new SignError(
      'ERR_SIGN_OPTIONS',
      'filling a reserved field adds no field: reserve fields when certifying',
    );
  }
  const fieldName = target?.name ?? chooseFieldName(form, options.fieldName);
  if (fieldName === undefined) {
    throw new SignError('ERR_SIGN_OPTIONS', `a form field named "${options.fieldName}" already exists`);
  }
  const widgets = target
    ? fitReservedField(doc, target, await sealWidgets(doc, withFieldPlacement(doc, target, options)))
    : await sealWidgets(doc, options);
  const reserve = await reservedFields(doc, form, fieldName, options.reserveFields ?? []);
  const timestamper = level === 'B-B' ? undefined : options.timestamper;
  const signingTime = (options.clock ?? (() => new Date()))();

  const signWith = async (size: number) => {
    const sigDict = signatureDictionary(options, size, signingTime);
    const file = target
      ? fillSignatureField(doc, target, sigDict, widgets)
      : writeSignatureField(doc, form, {
          sigDict,
          fieldName,
          widgets,
          certify: options.certify !== undefined,
          reserve,
        });
    const cms = await buildPadesCms(
      credentials,
      digestByteRange(file, credentials.signer.digestAlgorithm),
      timestamper,
      options.cmsForm,
    );
    return { file, cms };
  };
  let { file, cms } = await signWith(
    options.contentsSize ?? estimateContentsSize(credentials, !!timestamper),
  );
  if (cms.length > file.capacity && options.contentsSize === undefined) {
    ({ file, cms } = await signWith(cms.length + RETRY_MARGIN));
  }
  let out = embedContents(file, cms);

  if (level === 'B-LT' || level === 'B-LTA') {
    out = await addValidationData(out, {
      revocation: options.revocation!,
      extraCertificates: credentials.chain,
    });
  }
  if (level === 'B-LTA') {
    // ETSI EN 319 142-1 5.4 / 6.2.3: the DSS first, then the document timestamp over it, last. Its TSA is
    // the one that stamped the signature, whose chain and revocation data the DSS above already holds,
    // so the file can end with the document timestamp and stay LTA without a DSS after it.
    out = await addDocumentTimestamp(out, options.timestamper!, {
      digestAlgorithm: credentials.signer.digestAlgorithm,
    });
  }
  return out;
}

function checkOptions(level: PadesLevel, o: SignOptions, credentials: SealCredentials): void {
  const fail = (msg: string) => {
    throw new SignError('ERR_SIGN_OPTIONS', msg);
  };
  if (!LEVELS.includes(level)) fail(`unknown PAdES level ${String(level)}`);
  if (level !== 'B-B' && !o.timestamper) fail(`level ${level} needs a timestamper`);
  if ((level === 'B-LT' || level === 'B-LTA') && !o.revocation)
    fail(`level ${level} needs a revocation source`);
  if (o.certify !== undefined && ![1, 2, 3].includes(o.certify)) fail('certify must be 1, 2 or 3');
  if (o.cmsForm !== undefined && o.cmsForm !== 'standard' && o.cmsForm !== 'gmt0010')
    fail(`unknown cmsForm ${String(o.cmsForm)}`);
  if (o.cmsForm === 'gmt0010' && credentials.signer.keyType !== 'sm2')
    fail(`the GM/T 0010 CMS form needs an SM2 signer, not ${credentials.signer.keyType}`);
  if (
    o.contentsSize !== undefined &&
    !(Number.isInteger(o.contentsSize) && o.contentsSize > 0 && o.contentsSize <= 1 << 20)
  ) {
    fail('contentsSize must be a positive integer of at most 1 MiB');
  }
  if (o.fieldName !== undefined && (o.fieldName === '' || o.fieldName.includes('.'))) {
    fail('fieldName must be non-empty and contain no period (ISO 32000-2 12.7.4.2)');
  }
}

/** Table 255. /ByteRange and /Contents precede every caller-supplied string (see patchByteRange). */
function signatureDictionary(o: SignOptions, contentsSize: number, signingTime: Date): PdfDict {
  const d = new PdfDict([
    ['Type', PdfName.of('Sig')],
    ['Filter', PdfName.of('Adobe.PPKLite')],
    ['SubFilter', PdfName.of('ETSI.CAdES.detached')],
    ['ByteRange', byteRangePlaceholder()],
    ['Contents', contentsPlaceholder(contentsSize)],
    ['M', encodeTextString(formatPdfDate(signingTime))],
  ]);
  if (o.certify !== undefined) d.set('Reference', docMdpReference(o.certify));
  if (o.name !== undefined) d.set('Name', encodeTextString(o.name));
  if (o.reason !== undefined) d.set('Reason', encodeTextString(o.reason));
  if (o.location !== undefined) d.set('Location', encodeTextString(o.location));
  if (o.contactInfo !== undefined) d.set('ContactInfo', encodeTextString(o.contactInfo));
  return d;
}
