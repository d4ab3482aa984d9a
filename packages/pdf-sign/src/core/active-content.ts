// Active content a PDF reader may run or open: scripts, launch actions, embedded files, XFA forms.
// Found by walking every object reachable from the catalog, so actions hidden in bookmarks, fields,
// annotations or chained /Next actions are found too; objects nothing refers to are never run.

import type { PdfDocument } from './document.ts';
import { PdfDict, type PdfObject, PdfRef, PdfStream, PdfString } from './objects.ts';
import { decodeTextString } from './text-string.ts';

export type ActiveContentKind = 'javascript' | 'launch' | 'embedded-file' | 'xfa';

export interface ActiveContent {
  readonly kind: ActiveContentKind;
  /** Where a reader meets it, in plain English: "the action run when the document opens". */
  readonly where: string;
  /** 1-based page number, when it belongs to a page. */
  readonly page?: number;
  /** The script's or the file's name, when the file gives one. */
  readonly name?: string;
}

/** How a value is reached; `role` marks the few places whose meaning depends on the holder. */
interface Context {
  readonly where: string;
  readonly page?: number;
  readonly name?: string;
  readonly role?: 'catalog' | 'names' | 'acroform' | 'name-tree-js' | 'name-tree-files';
  readonly holder?: Holder;
  /** Set on an additional-actions dictionary (12.6.3): what its keys mean. */
  readonly events?: Readonly<Record<string, string>>;
}

type Holder = 'document' | 'page' | 'field' | 'other';

// ISO 32000-2 12.6.3 Tables 197-200: trigger events of additional-actions dictionaries.
const DOCUMENT_EVENTS: Record<string, string> = {
  WC: 'before the document closes',
  WS: 'before the document is saved',
  DS: 'after the document is saved',
  WP: 'before the document is printed',
  DP: 'after the document is printed',
};
const PAGE_EVENTS: Record<string, string> = { O: 'when the page opens', C: 'when the page closes' };
const FIELD_EVENTS: Record<string, string> = {
  K: 'on each keystroke',
  F: 'when its value is formatted',
  V: 'when its value is validated',
  C: 'when other fields change',
};
const ANNOTATION_EVENTS: Record<string, string> = {
  E: 'when the pointer enters it',
  X: 'when the pointer leaves it',
  D: 'when the mouse is pressed on it',
  U: 'when the mouse is released on it',
  Fo: 'when it gets the focus',
  Bl: 'when it loses the focus',
  PO: 'when its page opens',
  PC: 'when its page closes',
  PV: 'when its page becomes visible',
  PI: 'when its page is no longer visible',
};
const EVENTS: Record<Holder, Record<string, string>> = {
  document: DOCUMENT_EVENTS,
  page: PAGE_EVENTS,
  field: FIELD_EVENTS,
  other: ANNOTATION_EVENTS,
};

/** Every piece of active content reachable from the catalog of this view, in walk order. */
export function findActiveContent(doc: PdfDocument): ActiveContent[] {
  const pageOf = new Map<number, number>();
  for (const p of doc.pages()) pageOf.set(p.ref.num, p.index + 1);
  const found: ActiveContent[] = [];
  const visited = new Set<number>();
  const stack: { obj: PdfObject; ctx: Context }[] = [
    { obj: doc.catalogRef(), ctx: { where: 'the document catalog', role: 'catalog', holder: 'document' } },
  ];
  while (stack.length > 0) {
    const { obj, ctx } = stack.pop()!;
    if (obj instanceof PdfRef) {
      if (visited.has(obj.num)) continue;
      visited.add(obj.num);
      const page = pageOf.get(obj.num);
      const target = doc.getObject(obj);
      if (target === undefined) continue;
      stack.push({
        obj: target,
        ctx: page === undefined ? ctx : { where: `page ${page}`, page, holder: 'page' },
      });
    } else if (Array.isArray(obj)) {
      for (let i = obj.length - 1; i >= 0; i--) stack.push({ obj: obj[i]!, ctx });
    } else if (obj instanceof PdfDict || obj instanceof PdfStream) {
      const dict = obj instanceof PdfStream ? obj.dict : obj;
      const here = label(doc, dict, ctx, pageOf);
      const finding = examine(doc, dict, here);
      if (finding) found.push(finding);
      // Pushed last first, so that entries are visited in file order.
      for (const [key, value] of [...dict.map].reverse()) {
        // The bytes of an embedded file are data, not structure.
        if (key === 'EF' && finding?.kind === 'embedded-file') continue;
        if (key === 'Names' && here.role?.startsWith('name-tree'))
          pushNameTreeLeaves(doc, value, here, stack);
        else stack.push({ obj: value, ctx: child(here, key) });
      }
    }
  }
  return found;
}

/** What this dictionary itself is: a page, an annotation, a field, a bookmark, or as its holder said. */
function label(doc: PdfDocument, dict: PdfDict, ctx: Context, pageOf: Map<number, number>): Context {
  if (ctx.role || ctx.holder === 'page' || ctx.events) return ctx;
  const p = dict.get('P');
  const page = (p instanceof PdfRef ? pageOf.get(p.num) : undefined) ?? ctx.page;
  const onPage = page === undefined ? '' : ` on page ${page}`;
  const title = textOf(doc, dict.get('T'));
  if (
    title !== undefined &&
    (dict.has('FT') || dict.has('Kids') || dict.has('Parent')) &&
    !dict.has('Title')
  ) {
    return { where: `form field "${title}"${onPage}`, page, holder: 'field' };
  }
  const subtype = dict.name('Subtype');
  // A field's widgets (12.7.4.1) are known by the field's name.
  if (subtype === 'Widget' && ctx.holder === 'field') {
    return { where: ctx.where.replace(/ on page \d+$/, '') + onPage, page, holder: 'field' };
  }
  if (subtype && dict.has('Rect')) {
    return { where: `a ${subtype} annotation${onPage}`, page, holder: 'other' };
  }
  const bookmark = textOf(doc, dict.get('Title'));
  if (bookmark !== undefined && (dict.has('Parent') || dict.has('Next') || dict.has('Prev'))) {
    return { where: `bookmark "${bookmark}"`, holder: 'other' };
  }
  return ctx;
}

/** The context a value under `key` of a dictionary in context `ctx` is reached in. */
function child(ctx: Context, key: string): Context {
  // What a page holds is no longer the page itself.
  const holder = ctx.holder === 'page' ? 'other' : ctx.holder;
  const base: Context = { where: ctx.where, page: ctx.page, name: ctx.name, holder };
  switch (ctx.role) {
    case 'catalog':
      if (key === 'OpenAction') return { where: 'the action run when the document opens', holder: 'other' };
      if (key === 'AA') return { where: 'the document', events: DOCUMENT_EVENTS };
      if (key === 'Names') return { where: 'the document name tree', role: 'names' };
      if (key === 'AcroForm') return { where: 'the form', role: 'acroform', holder: 'other' };
      if (key === 'Outlines') return { where: 'the bookmarks', holder: 'other' };
      return { where: 'the document', holder: 'other' };
    case 'names':
      if (key === 'JavaScript') return { where: 'document-level scripts', role: 'name-tree-js' };
      if (key === 'EmbeddedFiles') return { where: "the document's attached files", role: 'name-tree-files' };
      return { where: 'the document name tree', holder: 'other' };
    case 'name-tree-js':
    case 'name-tree-files':
      return key === 'Kids' ? ctx : { ...base, role: undefined };
    default:
      break;
  }
  if (key === 'AA') return { ...base, events: EVENTS[ctx.holder ?? 'other'] };
  if (ctx.events) {
    const when = ctx.events[key] ?? ANNOTATION_EVENTS[key] ?? `on event /${key}`;
    return { where: `${ctx.where}, ${when}`, page: ctx.page, holder: 'other' };
  }
  if (key === 'A') return { ...base, where: `${ctx.where}, when activated` };
  return base;
}

/** The finding this dictionary is, if any. */
function examine(doc: PdfDocument, dict: PdfDict, ctx: Context): ActiveContent | undefined {
  const at = { where: ctx.where, ...(ctx.page !== undefined && { page: ctx.page }) };
  const named = ctx.name === undefined ? {} : { name: ctx.name };
  // 12.6.4.17: JavaScript actions; 13.2.6: Rendition actions carry scripts in /JS as well.
  if (dict.name('S') === 'JavaScript' || dict.has('JS')) return { kind: 'javascript', ...at, ...named };
  // 12.6.4.6: a Launch action starts an application or opens a file outside the document.
  if (dict.name('S') === 'Launch') return { kind: 'launch', ...at, ...named };
  // 7.11.4: a file specification with /EF embeds the file; 12.5.6.15 attachment annotations hold one.
  if (dict.has('EF') || dict.name('Type') === 'EmbeddedFile') {
    const name = textOf(doc, dict.get('UF')) ?? textOf(doc, dict.get('F')) ?? ctx.name;
    return { kind: 'embedded-file', ...at, ...(name !== undefined && { name }) };
  }
  // 12.7.9: an XFA form is an XML form program the reader runs instead of (or beside) the page content.
  if (ctx.role === 'acroform' && dict.has('XFA'))
    return { kind: 'xfa', where: 'the XFA form of the document' };
  return undefined;
}

/** A name tree's leaves (7.9.6): /Names [key1 value1 key2 value2 …], each value named by its key. */
function pushNameTreeLeaves(
  doc: PdfDocument,
  value: PdfObject,
  ctx: Context,
  stack: { obj: PdfObject; ctx: Context }[],
): void {
  const arr = doc.resolve(value);
  if (!Array.isArray(arr)) return;
  for (let i = arr.length - 2; i >= 0; i -= 2) {
    const name = textOf(doc, arr[i]) ?? '';
    const where = ctx.role === 'name-tree-js' ? `document-level script "${name}"` : `attached file "${name}"`;
    stack.push({ obj: arr[i + 1]!, ctx: { where, name, holder: 'other' } });
  }
}

function textOf(doc: PdfDocument, obj: PdfObject | undefined): string | undefined {
  const o = doc.resolve(obj);
  return o instanceof PdfString ? decodeTextString(o) : undefined;
}
