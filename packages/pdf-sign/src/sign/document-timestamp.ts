// Document timestamp (ISO 32000-2 12.8.5, ETSI EN 319 142-1 5.4.3): a signature dictionary of /Type
// /DocTimeStamp whose /Contents is an RFC 3161 token over the digest of its /ByteRange.

import type { DigestAlgorithm, Timestamper } from '@openseal/pki';
import { PdfDocument } from '../core/document.ts';
import { PdfDict, PdfName } from '../core/objects.ts';
import { byteRangePlaceholder, contentsPlaceholder, digestByteRange, embedContents } from './byte-range.ts';
import { chooseFieldName, readForm } from './form-fields.ts';
import { SignError } from './sign-error.ts';
import { writeSignatureField } from './signature-field.ts';

/** A token with a TSA chain of three certificates fits easily; a larger one triggers a second try. */
const DEFAULT_TOKEN_SIZE = 8192;
const RETRY_MARGIN = 1024;

export async function addDocumentTimestamp(
  pdf: Uint8Array,
  timestamper: Timestamper,
  /** `digestAlgorithm` of the imprint: default SHA-256; an SM2 signature's B-LTA asks for SM3. */
  options?: { fieldName?: string; digestAlgorithm?: DigestAlgorithm },
): Promise<Uint8Array> {
  const doc = PdfDocument.parse(pdf);
  const form = readForm(doc);
  const fieldName = chooseFieldName(form, options?.fieldName, 'Timestamp');
  if (fieldName === undefined) {
    throw new SignError('ERR_SIGN_OPTIONS', `a form field named "${options?.fieldName}" already exists`);
  }
  const page = doc.pages()[0];
  if (!page)
    throw new SignError('ERR_SIGN_PAGE_OUT_OF_RANGE', 'the document has no page to hold the timestamp field');

  const stamp = async (size: number) => {
    const file = writeSignatureField(doc, form, {
      sigDict: new PdfDict([
        ['Type', PdfName.of('DocTimeStamp')],
        ['Filter', PdfName.of('Adobe.PPKLite')],
        ['SubFilter', PdfName.of('ETSI.RFC3161')],
        ['ByteRange', byteRangePlaceholder()],
        ['Contents', contentsPlaceholder(size)],
      ]),
      fieldName,
      widgets: [{ page, rect: [0, 0, 0, 0] }],
    });
    // The token's imprint names its own algorithm, whatever the signature's.
    const alg = options?.digestAlgorithm ?? 'sha256';
    const token = await timestamper.timestamp(digestByteRange(file, alg), alg);
    return { file, token };
  };
  let { file, token } = await stamp(DEFAULT_TOKEN_SIZE);
  if (token.length > file.capacity) ({ file, token } = await stamp(token.length + RETRY_MARGIN));
  return embedContents(file, token);
}
