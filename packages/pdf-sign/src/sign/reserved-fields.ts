// Empty signature fields made ahead for later signatures, and signing into them. After a DocMDP P=2
// certification a later signature may fill a field that existed when certifying but not add one
// (ISO 32000-2 12.8.2.2.2 Table 257; pyHanko refuses a new visible field). So the certifying revision
// reserves the fields, and the later signature must land on them exactly: a field's /Rect and page
// are not among the keys filling may change.

import type { PdfDocument } from '../core/document.ts';
import { type PdfDict, PdfRef } from '../core/objects.ts';
import type { EmptySignatureField, FormState } from './form-fields.ts';
import { sealWidgets } from './seal-widgets.ts';
import { SignError } from './sign-error.ts';
import type { ReservedField, SignOptions } from './sign-options.ts';
import type { FieldSpec, WidgetSpec } from './signature-field.ts';

/** Rectangles are compared to a hundredth of a point: both were computed by sealWidgets. */
const TOLERANCE = 0.01;

/** The widgets of the fields to reserve, checked to be new, distinct names. */
export async function reservedFields(
  doc: PdfDocument,
  form: FormState,
  signingField: string,
  fields: readonly ReservedField[],
): Promise<FieldSpec[]> {
  const seen = new Set<string>([signingField]);
  const out: FieldSpec[] = [];
  for (const f of fields) {
    if (f.name === '' || f.name.includes('.')) {
      throw new SignError(
        'ERR_SIGN_OPTIONS',
        'a reserved field name must be non-empty and contain no period',
      );
    }
    if (seen.has(f.name) || form.fieldNames.has(f.name)) {
      throw new SignError(
        'ERR_SIGN_OPTIONS',
        `a form field named "${f.name}" already exists or is reserved twice`,
      );
    }
    seen.add(f.name);
    out.push({
      fieldName: f.name,
      widgets: await sealWidgets(doc, { seal: f.seal, placement: f.placement }),
    });
  }
  return out;
}

/** Without a placement, the seal goes to the centre of the field's only widget. */
export function withFieldPlacement(
  doc: PdfDocument,
  field: EmptySignatureField,
  options: SignOptions,
): SignOptions {
  if (options.placement || !options.seal || field.widgets.length !== 1) return options;
  const w = widgetGeometry(doc, field.widgets[0]!);
  if (!w || (w.rect[0] === w.rect[2] && w.rect[1] === w.rect[3])) return options;
  return {
    ...options,
    placement: {
      kind: 'page',
      page: w.pageIndex + 1,
      x: (w.rect[0] + w.rect[2]) / 2,
      y: (w.rect[1] + w.rect[3]) / 2,
    },
  };
}

/**
 * The computed widgets in the order of the field's own, each on the same page with the same
 * rectangle; otherwise ERR_SIGN_FIELD_MISMATCH (reserve the field with the seal and placement used now).
 */
export function fitReservedField(
  doc: PdfDocument,
  field: EmptySignatureField,
  computed: readonly WidgetSpec[],
): WidgetSpec[] {
  const mismatch = (why: string) =>
    new SignError(
      'ERR_SIGN_FIELD_MISMATCH',
      `the seal does not fit the empty signature field "${field.name}": ${why}; reserve it with the same seal and placement`,
    );
  if (computed.length !== field.widgets.length) {
    throw mismatch(`${computed.length} widget(s) for the field's ${field.widgets.length}`);
  }
  const left = [...computed];
  return field.widgets.map((widget) => {
    const g = widgetGeometry(doc, widget);
    if (!g) throw mismatch('a widget has no /Rect or page');
    const i = left.findIndex(
      (c) => c.page.index === g.pageIndex && c.rect.every((v, k) => Math.abs(v - g.rect[k]!) <= TOLERANCE),
    );
    if (i < 0) throw mismatch(`nothing to put at [${g.rect.join(' ')}] on page ${g.pageIndex + 1}`);
    return left.splice(i, 1)[0]!;
  });
}

/** A widget's normalised /Rect and the index of its page (/P, else the page listing it in /Annots). */
function widgetGeometry(
  doc: PdfDocument,
  widget: { ref: PdfRef; dict: PdfDict },
): { rect: [number, number, number, number]; pageIndex: number } | undefined {
  const raw = doc.resolve(widget.dict.get('Rect'));
  if (!Array.isArray(raw) || raw.length !== 4) return undefined;
  const n = raw.map((v) => doc.resolve(v));
  if (!n.every((v): v is number => typeof v === 'number')) return undefined;
  const rect: [number, number, number, number] = [
    Math.min(n[0]!, n[2]!),
    Math.min(n[1]!, n[3]!),
    Math.max(n[0]!, n[2]!),
    Math.max(n[1]!, n[3]!),
  ];
  const pages = doc.pages();
  const p = widget.dict.get('P');
  let pageIndex = p instanceof PdfRef ? pages.findIndex((page) => page.ref.num === p.num) : -1;
  if (pageIndex < 0) {
    pageIndex = pages.findIndex((page) => {
      const annots = doc.resolve(page.dict.get('Annots'));
      return Array.isArray(annots) && annots.some((a) => a instanceof PdfRef && a.num === widget.ref.num);
    });
  }
  return pageIndex < 0 ? undefined : { rect, pageIndex };
}
