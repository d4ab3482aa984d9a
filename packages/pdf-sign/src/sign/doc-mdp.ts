// DocMDP certification (ISO 32000-2 12.8.2.2): the signature reference dictionary a certification
// signature carries, and the permission level of the document's existing certification, if any.

import type { PdfDocument } from '../core/document.ts';
import { PdfDict, PdfName, type PdfObject } from '../core/objects.ts';

export type DocMdpPermission = 1 | 2 | 3;

/** /Reference value of a certification signature dictionary (Table 256, Table 257). */
export function docMdpReference(p: DocMdpPermission): PdfObject {
  const params = new PdfDict([
    ['Type', PdfName.of('TransformParams')],
    ['P', p],
    ['V', PdfName.of('1.2')],
  ]);
  return [
    new PdfDict([
      ['Type', PdfName.of('SigRef')],
      ['TransformMethod', PdfName.of('DocMDP')],
      ['TransformParams', params],
    ]),
  ];
}

/**
 * P of the certification signature named by the catalog's /Perms /DocMDP, or undefined when the
 * document is not certified. Table 257: P defaults to 2 when absent.
 */
export function certificationLevel(doc: PdfDocument): DocMdpPermission | undefined {
  const perms = doc.resolveDict(doc.catalog().get('Perms'));
  const sig = doc.resolveDict(perms?.get('DocMDP'));
  if (!sig) return undefined;
  const refs = doc.resolve(sig.get('Reference'));
  for (const r of Array.isArray(refs) ? refs : []) {
    const sigRef = doc.resolveDict(r);
    if (sigRef?.name('TransformMethod') !== 'DocMDP') continue;
    const p = doc.resolve(doc.resolveDict(sigRef.get('TransformParams'))?.get('P'));
    return p === 1 || p === 3 ? p : 2;
  }
  return 2;
}
