// One incremental update that adds a signature (ISO 32000-2 12.7.5.5, 12.8): the signature dictionary
// with its placeholders, a signature field with one widget per page it shows on, the pages' /Annots,
// and /AcroForm with /SigFlags 3; optionally empty signature fields reserved for later signatures.
// Or, into an existing empty field, only its value and appearances: all that DocMDP P=2 allows after
// certification (12.8.2.2.2 Table 257). Returns the file with /ByteRange patched, ready to hash.

import type { PdfDocument } from '../core/document.ts';
import { IncrementalWriter } from '../core/incremental-writer.ts';
import { isRef, PdfDict, PdfName, type PdfObject, type PdfRef, PdfStream } from '../core/objects.ts';
import type { PageInfo } from '../core/page-tree.ts';
import { encodeTextString } from '../core/text-string.ts';
import { type PreparedFile, patchByteRange } from './byte-range.ts';
import type { EmptySignatureField, FormState } from './form-fields.ts';

export interface WidgetSpec {
  readonly page: PageInfo;
  /** [x1 y1 x2 y2] in default user space; [0 0 0 0] for an invisible signature. */
  readonly rect: readonly number[];
  /** Form XObject for /AP /N; an empty one is written when absent. */
  readonly appearance?: PdfStream;
}

export interface FieldSpec {
  readonly fieldName: string;
  readonly widgets: readonly WidgetSpec[];
}

export interface SignatureFieldSpec extends FieldSpec {
  /** /Type … /ByteRange placeholder /Contents placeholder first (see patchByteRange), then the rest. */
  readonly sigDict: PdfDict;
  /** Certification signature: the catalog's /Perms /DocMDP points at it (12.8.2.2). */
  readonly certify?: boolean;
  /** Empty signature fields added in the same revision (their widgets show no appearance yet). */
  readonly reserve?: readonly FieldSpec[];
}

/** 12.5.3 annotation flags: Print (bit 3) + Locked (bit 8) = 132. */
const WIDGET_FLAGS = 132;

/** 12.7.3 (Table 225): SignaturesExist (1) + AppendOnly (2). */
const SIG_FLAGS = 3;

export function writeSignatureField(
  doc: PdfDocument,
  form: FormState,
  spec: SignatureFieldSpec,
): PreparedFile {
  const w = new IncrementalWriter(doc);
  const sigRef = w.add(spec.sigDict);
  const annotsByPage = new Map<number, { page: PageInfo; refs: PdfRef[] }>();
  const addAnnot = (page: PageInfo, ref: PdfRef) => {
    const entry = annotsByPage.get(page.index) ?? { page, refs: [] };
    entry.refs.push(ref);
    annotsByPage.set(page.index, entry);
  };
  const fieldRefs = [
    addField(w, spec, sigRef, addAnnot),
    ...(spec.reserve ?? []).map((r) =>
      addField(w, { ...r, widgets: r.widgets.map(blank) }, undefined, addAnnot),
    ),
  ];
  for (const { page, refs } of annotsByPage.values()) appendAnnots(doc, w, page, refs);
  updateCatalog(doc, w, form, fieldRefs, spec.certify ? sigRef : undefined);
  return finishWithByteRange(w, sigRef);
}

/**
 * Signs into an existing empty field: the new signature dictionary, /V, and a new /AP /N stream per
 * widget that shows the seal. Nothing else of the field changes (pyHanko's SigFieldModificationRule allows exactly /V,
 * /AP, /AS, /F, /DA, /Ff); /Rect and /P must already be the seal's, which the caller has checked.
 */
export function fillSignatureField(
  doc: PdfDocument,
  field: EmptySignatureField,
  sigDict: PdfDict,
  widgets: readonly WidgetSpec[],
): PreparedFile {
  const w = new IncrementalWriter(doc);
  const sigRef = w.add(sigDict);
  const withAppearance = (dict: PdfDict, widget: WidgetSpec | undefined) => {
    const d = new PdfDict(dict.map);
    // An invisible signature keeps the blank appearance its field was reserved with: only /V changes.
    if (widget && (widget.appearance || !dict.has('AP'))) {
      d.set('AP', new PdfDict([['N', w.add(widget.appearance ?? emptyAppearance())]]));
    }
    return d;
  };
  const merged = field.widgets.length === 1 && field.widgets[0]!.ref.num === field.ref.num;
  w.set(field.ref, withAppearance(field.dict, merged ? widgets[0] : undefined).set('V', sigRef));
  if (!merged) {
    // As when creating a cross-page seal: /V repeated on each widget for poppler (see addField).
    field.widgets.forEach((kid, i) => {
      w.set(kid.ref, withAppearance(kid.dict, widgets[i]).set('V', sigRef));
    });
  }
  return finishWithByteRange(w, sigRef);
}

function finishWithByteRange(w: IncrementalWriter, sigRef: PdfRef): PreparedFile {
  const { bytes, objectOffsets } = w.finish();
  const at = objectOffsets.get(sigRef.num)!;
  return patchByteRange(bytes, at.start, at.end);
}

/** A widget as reserved: the same place, no appearance yet. */
const blank = (widget: WidgetSpec): WidgetSpec => ({ page: widget.page, rect: widget.rect });

/** A signature field (12.7.5.5) with `value` as /V, or empty; returns its reference. */
function addField(
  w: IncrementalWriter,
  spec: FieldSpec,
  value: PdfRef | undefined,
  addAnnot: (page: PageInfo, ref: PdfRef) => void,
): PdfRef {
  const fieldRef = w.allocate();
  const field = new PdfDict([
    ['FT', PdfName.of('Sig')],
    ['T', encodeTextString(spec.fieldName)],
  ]);
  if (value) field.set('V', value);
  if (spec.widgets.length === 1) {
    // A field with a single widget is merged with it into one dictionary (12.5.6.19).
    const only = spec.widgets[0]!;
    for (const [k, v] of widgetEntries(only)) field.set(k, v);
    addAnnot(only.page, fieldRef);
  } else {
    // Cross-page seal: one field, one signature, one widget per page (12.7.4.1 /Kids). /V is
    // inheritable (Table 226) and repeated on each widget: poppler treats a kid with /Parent as a
    // field of its own and would otherwise report it unsigned.
    const kids: PdfRef[] = [];
    for (const widget of spec.widgets) {
      const kid = new PdfDict([...widgetEntries(widget), ['Parent', fieldRef]]);
      if (value) kid.set('V', value);
      const ref = w.add(kid);
      kids.push(ref);
      addAnnot(widget.page, ref);
    }
    field.set('Kids', kids);
  }
  w.set(fieldRef, field);
  return fieldRef;
}

function widgetEntries(widget: WidgetSpec): [string, PdfObject][] {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = widget.rect;
  return [
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['F', WIDGET_FLAGS],
    ['P', widget.page.ref],
    ['Rect', [x1, y1, x2, y2]],
    ['AP', new PdfDict([['N', widget.appearance ?? emptyAppearance()]])],
  ];
}

/** 12.7.5.5: even an invisible signature gets a (blank) normal appearance, as PDF/A requires. */
function emptyAppearance(): PdfStream {
  return new PdfStream(
    new PdfDict([
      ['Type', PdfName.of('XObject')],
      ['Subtype', PdfName.of('Form')],
      ['BBox', [0, 0, 0, 0]],
    ]),
    new Uint8Array(0),
  );
}

/** Appends to the page's /Annots: in place when it is an indirect array, else in a new page dict. */
function appendAnnots(doc: PdfDocument, w: IncrementalWriter, page: PageInfo, refs: readonly PdfRef[]): void {
  const raw = page.dict.get('Annots');
  const existing = doc.resolve(raw);
  const annots = [...(Array.isArray(existing) ? existing : []), ...refs];
  if (isRef(raw) && Array.isArray(existing)) {
    w.set(raw, annots);
  } else {
    w.set(page.ref, new PdfDict(page.dict.map).set('Annots', annots));
  }
}

/**
 * Adds the fields to /AcroForm /Fields and sets /SigFlags, keeping every other entry (/DR, /DA, …).
 * /NeedAppearances is dropped: a reader regenerating appearances would alter a signed document.
 */
function updateCatalog(
  doc: PdfDocument,
  w: IncrementalWriter,
  form: FormState,
  fieldRefs: readonly PdfRef[],
  certifiedBy: PdfRef | undefined,
): void {
  const catalogRef = doc.catalogRef();
  let catalog: PdfDict | undefined;
  const acroForm = new PdfDict(form.acroForm?.map);
  acroForm.map.delete('NeedAppearances');
  const flags = doc.resolve(acroForm.get('SigFlags'));
  acroForm.set('SigFlags', (typeof flags === 'number' ? flags : 0) | SIG_FLAGS);

  const rawFields = acroForm.get('Fields');
  const fields = doc.resolve(rawFields);
  const newFields = [...(Array.isArray(fields) ? fields : []), ...fieldRefs];
  if (isRef(rawFields) && Array.isArray(fields)) w.set(rawFields, newFields);
  else acroForm.set('Fields', newFields);

  if (form.acroFormRef) w.set(form.acroFormRef, acroForm);
  else {
    // A direct /AcroForm stays direct: the smallest change a verifier has to judge.
    catalog = new PdfDict(doc.catalog().map);
    catalog.set('AcroForm', form.acroForm ? acroForm : w.add(acroForm));
  }
  if (certifiedBy) {
    catalog ??= new PdfDict(doc.catalog().map);
    const perms = new PdfDict(doc.resolveDict(catalog.get('Perms'))?.map);
    perms.set('DocMDP', certifiedBy);
    catalog.set('Perms', perms);
  }
  if (catalog) w.set(catalogRef, catalog);
}
