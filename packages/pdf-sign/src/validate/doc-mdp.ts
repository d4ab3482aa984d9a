// Certification signatures (ISO 32000-2 12.8.2.2 DocMDP): which later changes the certifier allowed.

import type { PdfDocument } from '../core/document.ts';
import type { PdfDict } from '../core/objects.ts';
import type { ModificationLevel } from './report.ts';

export type DocMdpPermission = 1 | 2 | 3;

/** /P of a DocMDP signature reference (12.8.2.2, Table 257); default 2. Undefined when not a DocMDP signature. */
export function docMdpPermission(view: PdfDocument, sig: PdfDict): DocMdpPermission | undefined {
  const refs = view.resolve(sig.get('Reference'));
  if (!Array.isArray(refs)) return undefined;
  for (const item of refs) {
    const ref = view.resolveDict(item);
    if (ref?.name('TransformMethod') !== 'DocMDP') continue;
    const p = view.resolveDict(ref.get('TransformParams'))?.get('P');
    return p === 1 || p === 3 ? p : 2;
  }
  return undefined;
}

/**
 * The worst change each permission tolerates. P=1 still allows validation data and document
 * timestamps (ISO 32000-2 12.8.2.2.2; ETSI EN 319 142-1 5.4 B-LT/B-LTA updates).
 */
export function allowedByDocMdp(p: DocMdpPermission): ModificationLevel {
  return p === 1 ? 'ltv-data' : p === 2 ? 'form-filling' : 'annotations';
}
