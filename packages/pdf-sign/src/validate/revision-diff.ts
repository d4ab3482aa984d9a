// Judges one incremental update (ISO 32000-2 7.5.6) against the revision before it, object by object.
// Only a short list of changes is harmless (NOTES.md "Checks that stop the published attacks"; pyHanko's
// diff_analysis): validation data (/DSS), new signatures into fields, form values, new annotations.
// Everything else, including Incremental Saving and Shadow attacks (pdf-insecurity.org), is 'other'.

import type { PdfDocument } from '../core/document.ts';
import { PdfDict, type PdfObject, PdfRef, PdfStream, PdfString } from '../core/objects.ts';
import { decodeTextString } from '../core/text-string.ts';
import { type DssStructure, dssStructure } from './dss.ts';
import { sameObject } from './object-equality.ts';
import { ReferenceIndex, type Referrer } from './reference-index.ts';
import { type ModificationLevel, worseModification } from './report.ts';

export interface RevisionDiff {
  level: ModificationLevel;
  details: string[];
}

/** Reference indexes per view, built at most once per verification. */
export type IndexCache = Map<PdfDocument, ReferenceIndex>;

/** Trailer keys that describe the xref section itself or are compared separately (7.5.5, 7.5.8.2). */
const STRUCTURAL_TRAILER_KEYS = new Set([
  'Size',
  'Prev',
  'Root',
  'Info',
  'ID',
  'XRefStm',
  'Type',
  'W',
  'Index',
  'Length',
  'Filter',
  'DecodeParms',
]);
const MAX_WALK = 100_000;

interface FieldInfo {
  name: string;
  isSig: boolean;
  /** Had a value in the earlier revision (a signed signature field, a filled form field). */
  signed: boolean;
}

/**
 * Compares revision `k` of `doc` with revision `k - 1`. `newSignatures` holds the object numbers of the
 * signature dictionaries whose byte range ends at revision `k` and whose CMS (or timestamp token)
 * verifies: only those count as new signatures (a field pointing at an older signed dictionary does not).
 */
export function diffRevision(
  doc: PdfDocument,
  k: number,
  indexes: IndexCache,
  newSignatures: ReadonlySet<number> = new Set(),
): RevisionDiff {
  return new RevisionDiffer(doc.atRevision(k - 1), doc.atRevision(k), k, indexes, newSignatures).run();
}

type SignatureValue = 'none' | 'new' | 'reused' | 'unverified';

class RevisionDiffer {
  private level: ModificationLevel = 'none';
  private readonly details: string[] = [];
  private readonly changed = new Set<number>();
  private readonly added = new Set<number>();
  private roles: Map<number, string> | undefined;
  private fields: Map<number, FieldInfo> | undefined;

  constructor(
    private readonly older: PdfDocument,
    private readonly newer: PdfDocument,
    private readonly k: number,
    private readonly indexes: IndexCache,
    private readonly newSignatures: ReadonlySet<number>,
  ) {}

  run(): RevisionDiff {
    const entries = this.newer.revisions[this.k]!.entries;
    const newObjects = new Map<number, PdfObject | undefined>();
    for (const [num, entry] of entries) {
      if (num === 0) continue;
      const before = this.older.locate(num);
      const existed = before !== undefined && before.type !== 'free';
      if (entry.type === 'free') {
        if (existed) this.note('other', `${this.describe(num)} was deleted (free cross-reference entry)`);
        continue;
      }
      let now: PdfObject | undefined;
      try {
        now = this.newer.getObject(num);
      } catch {
        this.note('other', `object ${num} of the update cannot be read`);
        continue;
      }
      if (!existed) {
        this.added.add(num);
        continue;
      }
      let was: PdfObject | undefined;
      try {
        was = this.older.getObject(num);
      } catch {
        was = undefined;
      }
      if (!sameObject(was, now)) {
        this.changed.add(num);
        newObjects.set(num, now);
      }
    }
    this.diffTrailer();
    for (const num of this.changed) this.classify(num, newObjects.get(num));
    this.checkDss();
    if (this.added.size > 0) {
      this.checkDangling();
      this.checkUnreferenced(newObjects);
    }
    if (this.changed.size === 0 && this.added.size === 0 && this.level === 'none') {
      this.note('other', 'an update that changes nothing was appended after signing');
    }
    return { level: this.level, details: this.details };
  }

  /** The worst change found so far is always the first detail: it is what a summary names. */
  private note(level: ModificationLevel, message: string): void {
    const worse = worseModification(this.level, level) !== this.level;
    this.level = worseModification(this.level, level);
    const detail = `revision ${this.k}: ${message}`;
    if (worse) this.details.unshift(detail);
    else this.details.push(detail);
  }

  private olderIndex(): ReferenceIndex {
    let index = this.indexes.get(this.older);
    if (!index) {
      index = ReferenceIndex.build(this.older);
      this.indexes.set(this.older, index);
    }
    return index;
  }

  private diffTrailer(): void {
    const oldRoot = this.older.trailer.get('Root');
    const newRoot = this.newer.trailer.get('Root');
    if (!sameObject(oldRoot, newRoot)) {
      this.note('other', 'the trailer points to a different document catalog (/Root)');
    }
    if (!sameObject(this.older.trailer.get('Info'), this.newer.trailer.get('Info'))) {
      this.note('ltv-data', 'the document information dictionary (/Info) was replaced');
    }
    const before = this.older.revisions[this.k - 1]!.trailer;
    for (const [key, value] of this.newer.revisions[this.k]!.trailer.map) {
      if (!STRUCTURAL_TRAILER_KEYS.has(key) && !sameObject(before.get(key), value)) {
        this.note('other', `the trailer entry /${key} was added or changed`);
      }
    }
  }

  private classify(num: number, now: PdfObject | undefined): void {
    const older = this.older;
    const catalogNum = older.catalogRef().num;
    if (num === catalogNum) {
      this.diffCatalog(older.catalog(), asDict(now));
      return;
    }
    const dss = this.olderDss().objects;
    if (dss.has(num)) {
      this.claim(
        num,
        (r) => (typeof r.from === 'number' && dss.has(r.from)) || (r.from === catalogNum && r.key === '/DSS'),
        'ltv-data',
        'validation data (/DSS) updated',
      );
      return;
    }
    const info = older.trailer.get('Info');
    if (info instanceof PdfRef && info.num === num) {
      this.claim(
        num,
        (r) => r.from === 'trailer' && r.key === '/Info',
        'ltv-data',
        'the document information (/Info) was updated',
      );
      return;
    }
    const metadata = older.catalog().get('Metadata');
    if (metadata instanceof PdfRef && metadata.num === num) {
      this.claim(
        num,
        (r) => r.from === catalogNum && r.key === '/Metadata',
        'ltv-data',
        'the XMP metadata was updated',
      );
      return;
    }
    const form = older.catalog().get('AcroForm');
    if (form instanceof PdfRef && form.num === num) {
      this.diffForm(older.resolveDict(form), asDict(now));
      return;
    }
    const fieldsArray = older.resolveDict(form)?.get('Fields');
    if (fieldsArray instanceof PdfRef && fieldsArray.num === num) {
      this.diffFieldList(older.resolve(fieldsArray), now);
      return;
    }
    const pages = older.pages();
    for (const page of pages) {
      if (page.ref.num === num) {
        this.diffPage(page.index, page.dict, asDict(now));
        return;
      }
      const annots = page.dict.get('Annots');
      if (annots instanceof PdfRef && annots.num === num) {
        this.diffAnnots(page.index, older.resolve(annots), now);
        return;
      }
    }
    const field = this.fieldInfo().get(num);
    if (field) {
      this.diffField(num, field, asDict(older.getObject(num)), asDict(now));
      return;
    }
    this.note('other', `${this.describe(num)} was changed`);
  }

  /** A changed object passes as `level` only if nothing but its `holder`s referenced it when signed. */
  private claim(
    num: number,
    holder: (r: Referrer) => boolean,
    level: ModificationLevel,
    message: string,
  ): void {
    const other = this.olderIndex()
      .referrers(num)
      .find((r) => !holder(r));
    if (other) {
      const where = other.from === 'trailer' ? 'the trailer' : this.describe(other.from);
      this.note('other', `object ${num} was changed; it is also used by ${where} ${other.key}`);
    } else {
      this.note(level, message);
    }
  }

  private diffCatalog(was: PdfDict, now: PdfDict | undefined): void {
    if (!now) {
      this.note('other', 'the document catalog was replaced by something else');
      return;
    }
    for (const key of unionKeys(was, now)) {
      const a = was.get(key);
      const b = now.get(key);
      if (sameObject(a, b)) continue;
      if (key === 'DSS') this.note('ltv-data', 'validation data (/DSS) added or updated');
      else if (key === 'Extensions')
        this.note('ltv-data', 'the extension declarations (/Extensions) were updated');
      else if (key === 'Metadata') this.note('ltv-data', 'the XMP metadata was replaced');
      // Direct or indirect on either side: what counts is the form's content.
      else if (key === 'AcroForm' && b !== undefined)
        this.diffForm(this.older.resolveDict(a), this.newer.resolveDict(b));
      else this.note('other', `the document catalog entry /${key} was ${verb(a, b)}`);
    }
  }

  private diffForm(was: PdfDict | undefined, now: PdfDict | undefined): void {
    if (!now) {
      this.note('other', 'the interactive form (/AcroForm) was removed or replaced');
      return;
    }
    for (const key of unionKeys(was, now)) {
      const a = was?.get(key);
      const b = now.get(key);
      if (sameObject(a, b)) continue;
      if (key === 'Fields') this.diffFieldList(this.older.resolve(a), this.newer.resolve(b));
      else if (key === 'SigFlags') this.note('new-signatures', 'the form signature flags were set');
      else if (key === 'DR' && this.onlyAdditions(a, b))
        this.note('new-signatures', 'resources were added to the form defaults (/DR)');
      else if (key === 'DR' || key === 'DA')
        this.note('form-filling', `the form defaults (/${key}) were changed`);
      else this.note('other', `the interactive form entry /${key} was ${verb(a, b)}`);
    }
  }

  private diffFieldList(was: PdfObject | undefined, now: PdfObject | undefined): void {
    const before = Array.isArray(was) ? was : [];
    if (!Array.isArray(now)) {
      this.note('other', 'the form field list was removed or replaced');
      return;
    }
    const oldNums = new Set(before.filter((x) => x instanceof PdfRef).map((x) => (x as PdfRef).num));
    const newNums = new Set(now.filter((x) => x instanceof PdfRef).map((x) => (x as PdfRef).num));
    for (const num of oldNums) {
      if (!newNums.has(num)) this.note('other', `${this.describe(num)} was removed from the form`);
    }
    for (const item of now) {
      if (item instanceof PdfRef && oldNums.has(item.num)) continue;
      if (!(item instanceof PdfRef) && before.some((x) => sameObject(x, item))) continue;
      this.classifyAddedField(item);
    }
  }

  private classifyAddedField(item: PdfObject): void {
    if (item instanceof PdfRef && this.existedBefore(item.num)) {
      this.note('other', `${this.describe(item.num)} was turned into a form field`);
      return;
    }
    const field = this.newer.resolveDict(item);
    const name = field ? fieldName(field) : undefined;
    const label = name ? `"${name}"` : 'without a name';
    if (field?.name('FT') === 'Sig') {
      const value = this.signatureValue(field);
      if (value === 'new') this.note('new-signatures', `signature field ${label} added and signed`);
      else if (value === 'none') this.note('form-filling', `an empty signature field ${label} was added`);
      else this.note('other', `signature field ${label} ${SIGNATURE_VALUE_WORDS[value]}`);
    } else {
      this.note('other', `a form field ${label} was added`);
    }
  }

  /** Every resource of the old /DR is still there unchanged (new fonts for a new signature's appearance). */
  private onlyAdditions(was: PdfObject | undefined, now: PdfObject | undefined): boolean {
    const a = this.older.resolveDict(was);
    const b = this.newer.resolveDict(now);
    if (!a || !b) return a === undefined && b !== undefined;
    for (const [kind, sub] of a.map) {
      const oldSub = this.older.resolveDict(sub);
      const newSub = this.newer.resolveDict(b.get(kind));
      if (!oldSub || !newSub) {
        if (!sameObject(sub, b.get(kind))) return false;
        continue;
      }
      for (const [name, v] of oldSub.map) if (!sameObject(v, newSub.get(name))) return false;
    }
    return true;
  }

  /**
   * What a signature field of this revision holds. 'new' only for a signature dictionary first defined
   * here whose byte range ends at this revision and verifies; a field that points at an older signed
   * dictionary only borrows its validity (and paints what it likes in its own appearance).
   */
  private signatureValue(field: PdfDict): SignatureValue {
    const v = field.get('V');
    if (v === undefined || v === null) return 'none';
    if (v instanceof PdfRef) {
      if (this.existedBefore(v.num)) return 'reused';
      if (this.newSignatures.has(v.num)) return 'new';
    }
    return 'unverified';
  }

  private diffPage(index: number, was: PdfDict, now: PdfDict | undefined): void {
    if (!now) {
      this.note('other', `page ${index + 1} was replaced by something else`);
      return;
    }
    for (const key of unionKeys(was, now)) {
      const a = was.get(key);
      const b = now.get(key);
      if (sameObject(a, b)) continue;
      if (key === 'Annots') this.diffAnnots(index, this.older.resolve(a), this.newer.resolve(b));
      else this.note('other', `page ${index + 1} /${key} was ${verb(a, b)}`);
    }
  }

  private diffAnnots(index: number, was: PdfObject | undefined, now: PdfObject | undefined): void {
    const page = `page ${index + 1}`;
    const before = Array.isArray(was) ? was : [];
    if (!Array.isArray(now)) {
      if (before.length > 0) this.note('other', `the annotations of ${page} were removed`);
      return;
    }
    for (const item of before) {
      if (!now.some((x) => sameObject(x, item))) this.note('other', `an annotation was removed from ${page}`);
    }
    for (const item of now) {
      if (before.some((x) => sameObject(x, item))) continue;
      if (item instanceof PdfRef && this.existedBefore(item.num)) {
        this.note('other', `${this.describe(item.num)} was placed on ${page} as an annotation`);
        continue;
      }
      const annot = this.newer.resolveDict(item);
      const subtype = annot?.name('Subtype');
      if (subtype !== 'Widget') {
        this.note('annotations', `a ${subtype ?? 'malformed'} annotation was added on ${page}`);
        continue;
      }
      const field = this.terminalField(annot!);
      const value = field.name('FT') === 'Sig' ? this.signatureValue(field) : undefined;
      if (value === 'new') {
        this.note('new-signatures', `a signature appearance was added on ${page}`);
      } else if (value === 'none') {
        this.note('form-filling', `an empty signature field was added on ${page}`);
      } else if (value) {
        this.note('other', `a signature field on ${page} ${SIGNATURE_VALUE_WORDS[value]}`);
      } else {
        this.note('other', `a form field widget was added on ${page}`);
      }
    }
  }

  /** A widget's field: the widget itself when merged, else its /Parent chain (12.7.4.1). */
  private terminalField(widget: PdfDict): PdfDict {
    let field = widget;
    for (let i = 0; i < 32 && !field.has('FT') && !field.has('T'); i++) {
      const parent = this.newer.resolveDict(field.get('Parent'));
      if (!parent) break;
      field = parent;
    }
    if (!field.has('FT')) {
      const parent = this.newer.resolveDict(field.get('Parent'));
      if (parent?.has('FT')) return parent;
    }
    return field;
  }

  private diffField(num: number, info: FieldInfo, was: PdfDict | undefined, now: PdfDict | undefined): void {
    const label = `field "${info.name}"`;
    if (!was || !now) {
      this.note('other', `${label} was replaced by something else`);
      return;
    }
    const openSigField = info.isSig && !info.signed;
    for (const key of unionKeys(was, now)) {
      const a = was.get(key);
      const b = now.get(key);
      if (sameObject(a, b)) continue;
      if (key === 'V') {
        if (openSigField) {
          const value = this.signatureValue(now);
          if (value === 'new') this.note('new-signatures', `${label} was signed`);
          else if (value === 'none') this.note('other', `the signature value of ${label} was removed`);
          else this.note('other', `${label} ${SIGNATURE_VALUE_WORDS[value]}`);
        } else if (info.isSig) this.note('other', `the signature value of ${label} was replaced`);
        else this.note('form-filling', `the value of ${label} was changed`);
      } else if (key === 'AP' || (key === 'AS' && !info.isSig)) {
        if (info.isSig && info.signed) {
          this.note('other', `the appearance of the already signed ${label} was changed`);
          continue;
        }
        const shared = this.sharedAppearance(num, a);
        if (shared) this.note('other', `the replaced appearance of ${label} ${shared}`);
        else
          this.note(info.isSig ? 'new-signatures' : 'form-filling', `the appearance of ${label} was updated`);
      } else if (openSigField && (key === 'F' || key === 'MK' || key === 'DA')) {
        this.note('new-signatures', `${label} /${key} was set for signing`);
      } else {
        this.note('other', `${label} /${key} was ${verb(a, b)}`);
      }
    }
  }

  /**
   * An appearance replaced in one widget must not be drawn elsewhere too; pyHanko's
   * "form-update-*-sneaky" files share it through /Root /FooBar or the trailer.
   */
  private sharedAppearance(holder: number, ap: PdfObject | undefined): string | undefined {
    const nums = new Set<number>();
    if (ap instanceof PdfRef) nums.add(ap.num);
    const dict = this.older.resolveDict(ap);
    for (const key of ['N', 'R', 'D']) {
      const v = dict?.get(key);
      if (v instanceof PdfRef) nums.add(v.num);
      else if (v instanceof PdfDict) for (const s of v.map.values()) if (s instanceof PdfRef) nums.add(s.num);
    }
    const index = this.olderIndex();
    for (const num of nums) {
      for (const r of index.referrers(num)) {
        if (r.from !== holder && !(typeof r.from === 'number' && nums.has(r.from))) {
          const where = r.from === 'trailer' ? 'the trailer' : this.describe(r.from);
          return `is also used by ${where} ${r.key}`;
        }
      }
    }
    return undefined;
  }

  /** An object undefined when signed but referenced then, defined now: it changes signed objects. */
  private checkDangling(): void {
    for (const [num, referrers] of this.olderIndex().dangling()) {
      if (!this.added.has(num)) continue;
      for (const r of referrers) {
        if (r.from !== 'trailer' && this.changed.has(r.from)) continue;
        const where = r.from === 'trailer' ? 'the trailer' : this.describe(r.from);
        this.note(
          'other',
          `object ${num}, referenced by ${where} but missing when signed, was defined later`,
        );
      }
    }
  }

  private existedBefore(num: number): boolean {
    const e = this.older.locate(num);
    return e !== undefined && e.type !== 'free';
  }

  private olderDssCache: DssStructure | undefined;
  private olderDss(): DssStructure {
    this.olderDssCache ??= dssStructure(this.older);
    return this.olderDssCache;
  }

  /**
   * The DSS may gain validation data only: new streams on its standard paths. An older object hung under
   * it (the page tree, a page, an action…) or an entry off those paths is a change like any other, so a
   * later revision cannot launder changes to it as validation data.
   */
  private checkDss(): void {
    if (!this.newer.catalog().has('DSS')) return;
    const before = this.olderDss();
    const now = dssStructure(this.newer);
    const known = new Set(before.foreign.map((f) => `${f.where} ${f.num}`));
    for (const f of now.foreign) {
      if (known.has(`${f.where} ${f.num}`)) continue;
      const what = f.num !== undefined && this.existedBefore(f.num) ? `, ${this.describe(f.num)},` : '';
      this.note(
        'other',
        `${f.where}${what} is not validation data but was put in the validation data (/DSS)`,
      );
    }
    for (const num of now.objects) {
      if (this.added.has(num) || before.objects.has(num) || !this.existedBefore(num)) continue;
      this.note(
        'other',
        `${this.describe(num)}, which is not validation data, was put in the validation data (/DSS)`,
      );
    }
  }

  /**
   * Every object an update adds must be used by what it changes (or by the trailer): data appended with
   * no reference to it is invisible to readers but still not what was signed.
   */
  private checkUnreferenced(newObjects: Map<number, PdfObject | undefined>): void {
    const reached = new Set<number>();
    const stack: (PdfObject | undefined)[] = [...newObjects.values()];
    for (const [key, value] of this.newer.revisions[this.k]!.trailer.map) {
      if (key !== 'Prev' && key !== 'XRefStm') stack.push(value);
    }
    while (stack.length > 0 && reached.size < MAX_WALK) {
      const o = stack.pop();
      if (o instanceof PdfRef) {
        if (!this.added.has(o.num) || reached.has(o.num)) continue;
        reached.add(o.num);
        let target: PdfObject | undefined;
        try {
          target = this.newer.getObject(o);
        } catch {
          continue;
        }
        stack.push(target instanceof PdfStream ? target.dict : target);
      } else if (Array.isArray(o)) stack.push(...o);
      else if (o instanceof PdfDict) stack.push(...o.map.values());
      else if (o instanceof PdfStream) stack.push(o.dict);
    }
    const orphans: number[] = [];
    for (const num of this.added) {
      if (reached.has(num)) continue;
      let obj: PdfObject | undefined;
      try {
        obj = this.newer.getObject(num);
      } catch {
        obj = undefined;
      }
      // Cross-reference and object streams (7.5.7, 7.5.8) carry the update itself.
      const type = obj instanceof PdfStream ? obj.dict.name('Type') : undefined;
      if (type === 'XRef' || type === 'ObjStm') continue;
      // pyHanko's DSS updates leave a VRI dictionary of validation data unused; it shows nothing.
      if (obj instanceof PdfDict && isVriDictionary(obj)) continue;
      orphans.push(num);
    }
    if (orphans.length > 0) {
      const list = orphans.slice(0, 5).join(', ') + (orphans.length > 5 ? ', …' : '');
      this.note(
        'other',
        `${orphans.length} object${orphans.length > 1 ? 's' : ''} (${list}) appended after signing that nothing in the document uses`,
      );
    }
  }

  private fieldInfo(): Map<number, FieldInfo> {
    if (!this.fields) this.fields = collectFields(this.older);
    return this.fields;
  }

  /** "the content stream of page 1 (object 4)" etc., for messages. */
  private describe(num: number): string {
    if (!this.roles) this.roles = describeRoles(this.older, this.fieldInfo());
    const role = this.roles.get(num);
    return role ? `${role} (object ${num})` : `object ${num}`;
  }
}

const asDict = (o: PdfObject | undefined): PdfDict | undefined => (o instanceof PdfDict ? o : undefined);

const VRI_KEYS = new Set(['Type', 'Cert', 'OCSP', 'CRL', 'TS', 'TU']);
const isVriDictionary = (d: PdfDict): boolean =>
  d.name('Type') === 'VRI' && [...d.map.keys()].every((key) => VRI_KEYS.has(key));

const SIGNATURE_VALUE_WORDS: Record<Exclude<SignatureValue, 'none' | 'new'>, string> = {
  reused: 'reuses the signature value of an earlier signature instead of holding a new one',
  unverified: 'holds a signature that does not verify or was not made in this revision',
};

function unionKeys(a: PdfDict | undefined, b: PdfDict): Set<string> {
  return new Set([...(a?.map.keys() ?? []), ...b.map.keys()]);
}

const verb = (a: PdfObject | undefined, b: PdfObject | undefined): string =>
  a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';

function fieldName(field: PdfDict): string | undefined {
  const t = field.get('T');
  return t instanceof PdfString ? decodeTextString(t) : undefined;
}

/** Every field and widget object of the form, with what it was in this view. */
function collectFields(view: PdfDocument): Map<number, FieldInfo> {
  const out = new Map<number, FieldInfo>();
  const form = view.resolveDict(view.catalog().get('AcroForm'));
  const fields = view.resolve(form?.get('Fields'));
  if (!Array.isArray(fields)) return out;
  const stack: { obj: PdfObject; name: string; ft?: string; v?: PdfObject }[] = fields.map((obj) => ({
    obj,
    name: '',
  }));
  while (stack.length > 0 && out.size < MAX_WALK) {
    const { obj, name: parentName, ft: parentFt, v: parentV } = stack.pop()!;
    if (!(obj instanceof PdfRef) || out.has(obj.num)) continue;
    const dict = view.resolveDict(obj);
    if (!dict) continue;
    const partial = fieldName(dict);
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = dict.name('FT') ?? parentFt;
    const v = dict.get('V') ?? parentV;
    out.set(obj.num, { name, isSig: ft === 'Sig', signed: v !== undefined && v !== null });
    const kids = view.resolve(dict.get('Kids'));
    if (Array.isArray(kids)) for (const kid of kids) stack.push({ obj: kid, name, ft, v });
  }
  return out;
}

function describeRoles(view: PdfDocument, fields: Map<number, FieldInfo>): Map<number, string> {
  const roles = new Map<number, string>();
  const set = (o: PdfObject | undefined, role: string) => {
    if (o instanceof PdfRef && !roles.has(o.num)) roles.set(o.num, role);
  };
  set(view.catalog().get('Pages'), 'the page tree');
  for (const page of view.pages()) {
    const p = `page ${page.index + 1}`;
    set(page.ref, p);
    set(page.dict.get('Parent'), 'a page tree node');
    const contents = page.dict.get('Contents');
    set(contents, `the content stream of ${p}`);
    if (Array.isArray(contents)) for (const c of contents) set(c, `a content stream of ${p}`);
    const resources = page.dict.get('Resources');
    set(resources, `the resources of ${p}`);
    const res = view.resolveDict(resources);
    for (const [kind, label] of [
      ['Font', 'font'],
      ['XObject', 'image or form XObject'],
      ['ExtGState', 'graphics state'],
    ] as const) {
      const sub = res?.get(kind);
      set(sub, `the ${label} resources of ${p}`);
      for (const [name, v] of view.resolveDict(sub)?.map ?? []) set(v, `${label} /${name} of ${p}`);
    }
    const annots = view.resolve(page.dict.get('Annots'));
    if (Array.isArray(annots)) {
      for (const a of annots) {
        const ap = view.resolveDict(view.resolveDict(a)?.get('AP'));
        set(ap?.get('N'), `the appearance stream of an annotation on ${p}`);
        set(a, `an annotation on ${p}`);
      }
    }
  }
  for (const [num, info] of fields) {
    roles.set(
      num,
      roles.get(num)?.startsWith('an annotation') || !roles.has(num)
        ? `form field "${info.name}"`
        : roles.get(num)!,
    );
    const field = view.resolveDict(view.getObject(num));
    if (info.isSig) set(field?.get('V'), `the signature dictionary of field "${info.name}"`);
    const ap = view.resolveDict(field?.get('AP'));
    const n = ap?.get('N');
    if (n instanceof PdfRef) roles.set(n.num, `the appearance stream of field "${info.name}"`);
  }
  return roles;
}
