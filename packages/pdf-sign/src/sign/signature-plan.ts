// Everything a signature decides before its CMS exists: the document's state allows it (certification,
// DocMDP), which field it signs, the seal's widgets, the fields reserved with it, and the signature
// dictionary. What is left is to write the revision at a /Contents size, hash it and sign.

import { PdfDocument } from '../core/document.ts';
import { PdfDict, PdfName } from '../core/objects.ts';
import { encodeTextString, formatPdfDate } from '../core/text-string.ts';
import { byteRangePlaceholder, contentsPlaceholder, type PreparedFile } from './byte-range.ts';
import { certificationLevel, docMdpReference } from './doc-mdp.ts';
import { chooseFieldName, readForm } from './form-fields.ts';
import { fitReservedField, reservedFields, withFieldPlacement } from './reserved-fields.ts';
import { sealWidgets } from './seal-widgets.ts';
import { SignError } from './sign-error.ts';
import type { PrepareSignatureOptions } from './sign-options.ts';
import { fillSignatureField, writeSignatureField } from './signature-field.ts';

export interface SignaturePlan {
  /** The signature's incremental update with a /Contents of `contentsSize` bytes, /ByteRange patched. */
  write(contentsSize: number): PreparedFile;
}

/** Reads `pdf` once and plans the signature `options` ask for; the options are already checked. */
export async function planSignature(
  pdf: Uint8Array,
  options: PrepareSignatureOptions,
): Promise<SignaturePlan> {
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
  const signingTime = (options.clock ?? (() => new Date()))();

  return {
    write(contentsSize) {
      const sigDict = signatureDictionary(options, contentsSize, signingTime);
      return target
        ? fillSignatureField(doc, target, sigDict, widgets)
        : writeSignatureField(doc, form, {
            sigDict,
            fieldName,
            widgets,
            certify: options.certify !== undefined,
            reserve,
          });
    },
  };
}

/** Table 255. /ByteRange and /Contents precede every caller-supplied string (see patchByteRange). */
function signatureDictionary(o: PrepareSignatureOptions, contentsSize: number, signingTime: Date): PdfDict {
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
