// What a document already says about signing it again (ISO 32000-2 12.8.2.2): its DocMDP certification
// level and the empty signature fields a later signature may fill. A caller that cannot reserve a
// field when certifying uses it to tell the user that a new field will count as a modification.

import { PdfDocument } from '../core/document.ts';
import { certificationLevel, type DocMdpPermission } from './doc-mdp.ts';
import { readForm } from './form-fields.ts';

export interface SigningState {
  /** P of the certification signature, or undefined when the document is not certified. */
  readonly certification: DocMdpPermission | undefined;
  /** Fully qualified names of the signature fields without a value. */
  readonly emptySignatureFields: readonly string[];
}

/**
 * Throws the core's PdfError for a file that cannot be parsed, as sign() would. Given the document a
 * caller already parsed (to check it first), it reads that one.
 */
export function signingState(pdf: Uint8Array | PdfDocument): SigningState {
  const doc = pdf instanceof PdfDocument ? pdf : PdfDocument.parse(pdf);
  return {
    certification: certificationLevel(doc),
    emptySignatureFields: readForm(doc).emptySignatureFields.map((f) => f.name),
  };
}
