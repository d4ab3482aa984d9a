// Finds every signature dictionary a reader could be shown: through the AcroForm of every revision
// (a field removed later still had its signature; the removal is judged as a modification) and the
// certification signature named by /Perms /DocMDP (ISO 32000-2 12.7.5.5, 12.8.2.2).

import type { PdfDocument } from '../core/document.ts';
import { type PdfDict, type PdfObject, PdfRef, PdfString } from '../core/objects.ts';
import { decodeTextString } from '../core/text-string.ts';
import { VerifyError } from './verify-error.ts';

export interface FoundSignature {
  readonly dict: PdfDict;
  /** The object the field's /V points to (undefined for a direct dictionary). */
  readonly ref?: PdfRef;
  fieldName?: string;
  /** Newest revision whose form still holds this signature. */
  lastSeenIn: number;
  /** Named by /Perms /DocMDP: a certification signature. */
  certification: boolean;
}

/** More fields than any real form has: a guard against hostile documents. */
const MAX_FIELDS = 100_000;
const MAX_FIELD_DEPTH = 64;

export function findSignatures(doc: PdfDocument): FoundSignature[] {
  const found = new Map<PdfDict, FoundSignature>();
  const add = (
    value: PdfObject | undefined,
    view: PdfDocument,
    revision: number,
    fieldName: string | undefined,
    certification: boolean,
  ): void => {
    const dict = view.resolveDict(value);
    if (!dict) return;
    const existing = found.get(dict);
    if (existing) {
      existing.lastSeenIn = Math.max(existing.lastSeenIn, revision);
      existing.fieldName ??= fieldName;
      existing.certification ||= certification;
      return;
    }
    found.set(dict, {
      dict,
      ref: value instanceof PdfRef ? value : undefined,
      fieldName,
      lastSeenIn: revision,
      certification,
    });
  };

  for (let i = 0; i < doc.revisions.length; i++) {
    const view = doc.atRevision(i);
    const catalog = view.catalog();
    for (const field of signatureFields(view, catalog)) add(field.value, view, i, field.name, false);
    const perms = view.resolveDict(catalog.get('Perms'));
    if (perms?.has('DocMDP')) add(perms.get('DocMDP'), view, i, undefined, true);
  }
  return [...found.values()];
}

/** Signature fields with a value, walking the field tree (12.7.4) with inherited /FT and full names. */
export function signatureFields(
  view: PdfDocument,
  catalog: PdfDict,
): { name: string; value: PdfObject; field: PdfDict; fieldRef?: PdfRef }[] {
  const out: { name: string; value: PdfObject; field: PdfDict; fieldRef?: PdfRef }[] = [];
  const form = view.resolveDict(catalog.get('AcroForm'));
  const fields = view.resolve(form?.get('Fields'));
  if (!Array.isArray(fields)) return out;
  const seen = new Set<number>();
  let count = 0;
  const stack: { obj: PdfObject; parentName: string; ft?: string; depth: number }[] = fields
    .map((obj) => ({ obj, parentName: '', depth: 0 }))
    .reverse();
  while (stack.length > 0) {
    const { obj, parentName, ft: inheritedFt, depth } = stack.pop()!;
    if (obj instanceof PdfRef) {
      if (seen.has(obj.num)) {
        throw new VerifyError('ERR_PDF_MALFORMED', `the form field tree loops or shares object ${obj.num}`);
      }
      seen.add(obj.num);
    }
    if (++count > MAX_FIELDS || depth > MAX_FIELD_DEPTH) {
      throw new VerifyError('ERR_PDF_TOO_COMPLEX', 'the form field tree is too large or too deep');
    }
    const field = view.resolveDict(obj);
    if (!field) continue;
    const t = field.get('T');
    const partial = t instanceof PdfString ? decodeTextString(t) : undefined;
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = field.name('FT') ?? inheritedFt;
    const v = field.get('V');
    if (ft === 'Sig' && v !== undefined && v !== null) {
      out.push({ name, value: v, field, fieldRef: obj instanceof PdfRef ? obj : undefined });
    }
    const kids = view.resolve(field.get('Kids'));
    if (Array.isArray(kids)) {
      for (let k = kids.length - 1; k >= 0; k--)
        stack.push({ obj: kids[k]!, parentName: name, ft, depth: depth + 1 });
    }
  }
  return out;
}
