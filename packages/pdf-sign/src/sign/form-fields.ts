// The interactive form as it stands (ISO 32000-2 12.7): field names in use, the signature fields
// already signed and the empty ones a later signature may fill, read once per document.

import type { PdfDocument } from '../core/document.ts';
import { type PdfDict, type PdfObject, PdfRef, PdfString } from '../core/objects.ts';
import { PdfError } from '../core/pdf-error.ts';
import { decodeTextString } from '../core/text-string.ts';

/** A field tree deeper than this is refused rather than walked (12.7.4: names nest through /Parent). */
const MAX_FIELD_DEPTH = 32;
const MAX_FIELDS = 100_000;

export interface SignedField {
  readonly name: string;
  /** The signature dictionary (/V). */
  readonly sigDict: PdfDict;
}

/** An unsigned signature field (no /V), e.g. reserved by a certification signature for a later one. */
export interface EmptySignatureField {
  readonly name: string;
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  /** The field itself when merged with its only widget (12.5.6.19), else its /Kids. */
  readonly widgets: readonly { ref: PdfRef; dict: PdfDict }[];
}

export interface FormState {
  /** /AcroForm as found, and its reference when indirect. */
  readonly acroForm: PdfDict | undefined;
  readonly acroFormRef: PdfRef | undefined;
  /** Fully qualified names (12.7.4.2) of every field. */
  readonly fieldNames: ReadonlySet<string>;
  readonly signedFields: readonly SignedField[];
  readonly emptySignatureFields: readonly EmptySignatureField[];
}

export function readForm(doc: PdfDocument): FormState {
  const raw = doc.catalog().get('AcroForm');
  const acroFormRef = raw instanceof PdfRef ? raw : undefined;
  const acroForm = doc.resolveDict(raw);
  const fieldNames = new Set<string>();
  const signedFields: SignedField[] = [];
  const emptySignatureFields: EmptySignatureField[] = [];
  const fields = doc.resolve(acroForm?.get('Fields'));
  const seen = new Set<number>();
  const stack: { obj: PdfObject; prefix: string; depth: number; inheritedFt: string | undefined }[] = [];
  if (Array.isArray(fields))
    for (const f of fields) stack.push({ obj: f, prefix: '', depth: 0, inheritedFt: undefined });
  while (stack.length > 0) {
    const { obj, prefix, depth, inheritedFt } = stack.pop()!;
    if (obj instanceof PdfRef) {
      if (seen.has(obj.num)) continue;
      seen.add(obj.num);
    }
    if (depth > MAX_FIELD_DEPTH || seen.size > MAX_FIELDS) {
      throw new PdfError('ERR_PDF_TOO_COMPLEX', 'form field tree is too deep or too large');
    }
    const field = doc.resolveDict(obj);
    if (!field) continue;
    const t = field.get('T');
    const partial = t instanceof PdfString ? decodeTextString(t) : undefined;
    // A kid without /T is a widget of its parent field (12.7.4.1), not a field of its own.
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    if (partial !== undefined) fieldNames.add(name);
    const ft = field.name('FT') ?? inheritedFt;
    const v = doc.resolveDict(field.get('V'));
    const kids = doc.resolve(field.get('Kids'));
    if (ft === 'Sig' && v && partial !== undefined) signedFields.push({ name, sigDict: v });
    if (ft === 'Sig' && !field.has('V') && partial !== undefined && obj instanceof PdfRef) {
      const widgets = Array.isArray(kids)
        ? kids.flatMap((k) => {
            const dict = doc.resolveDict(k);
            return k instanceof PdfRef && dict && !dict.has('T') ? [{ ref: k, dict }] : [];
          })
        : [{ ref: obj, dict: field }];
      emptySignatureFields.push({ name, ref: obj, dict: field, widgets });
    }
    if (Array.isArray(kids)) {
      for (const k of kids) stack.push({ obj: k, prefix: name, depth: depth + 1, inheritedFt: ft });
    }
  }
  return { acroForm, acroFormRef, fieldNames, signedFields, emptySignatureFields };
}

/** The caller's field name, or the first free "Seal1", "Seal2", …; undefined if the name is taken. */
export function chooseFieldName(
  form: FormState,
  requested: string | undefined,
  base = 'Seal',
): string | undefined {
  if (requested !== undefined) return form.fieldNames.has(requested) ? undefined : requested;
  for (let i = 1; ; i++) if (!form.fieldNames.has(`${base}${i}`)) return `${base}${i}`;
}
