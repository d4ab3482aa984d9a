// The interactive form as it stands (ISO 32000-2 12.7): field names in use and the signature fields
// already signed, read once per document.

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

export interface FormState {
  /** /AcroForm as found, and its reference when indirect. */
  readonly acroForm: PdfDict | undefined;
  readonly acroFormRef: PdfRef | undefined;
  /** Fully qualified names (12.7.4.2) of every field. */
  readonly fieldNames: ReadonlySet<string>;
  readonly signedFields: readonly SignedField[];
}

export function readForm(doc: PdfDocument): FormState {
  const raw = doc.catalog().get('AcroForm');
  const acroFormRef = raw instanceof PdfRef ? raw : undefined;
  const acroForm = doc.resolveDict(raw);
  const fieldNames = new Set<string>();
  const signedFields: SignedField[] = [];
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
    if (ft === 'Sig' && v && partial !== undefined) signedFields.push({ name, sigDict: v });
    const kids = doc.resolve(field.get('Kids'));
    if (Array.isArray(kids)) {
      for (const k of kids) stack.push({ obj: k, prefix: name, depth: depth + 1, inheritedFt: ft });
    }
  }
  return { acroForm, acroFormRef, fieldNames, signedFields };
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
