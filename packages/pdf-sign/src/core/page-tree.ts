// Page tree walk (ISO 32000-2 7.7.3) with inherited attributes (7.7.3.4), loop-safe and depth-limited.

import { PdfDict, type PdfObject, PdfRef } from './objects.ts';
import { malformed, PdfError } from './pdf-error.ts';

export type Box = [number, number, number, number];

export interface PageInfo {
  readonly index: number;
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  readonly mediaBox: Box;
  readonly cropBox: Box;
  readonly rotate: 0 | 90 | 180 | 270;
  /** Inherited /Resources, resolved; undefined when no node of the path has any. */
  readonly resources: PdfDict | undefined;
}

/** What the walk needs from a document view. */
export interface PageTreeSource {
  resolve(obj: PdfObject | undefined): PdfObject | undefined;
  getObject(ref: PdfRef): PdfObject | undefined;
}

interface Inherited {
  readonly mediaBox: PdfObject | undefined;
  readonly cropBox: PdfObject | undefined;
  readonly rotate: PdfObject | undefined;
  readonly resources: PdfObject | undefined;
}

const MAX_TREE_DEPTH = 64;
const MAX_PAGES = 1_000_000;
/** US Letter, what readers assume when a page has no usable /MediaBox. */
const DEFAULT_MEDIA_BOX: Box = [0, 0, 612, 792];

export function walkPageTree(doc: PageTreeSource, pagesRef: PdfObject | undefined): PageInfo[] {
  if (!(pagesRef instanceof PdfRef)) throw malformed('catalog /Pages is not an indirect reference');
  const pages: PageInfo[] = [];
  const seen = new Set<number>();
  const none: Inherited = {
    mediaBox: undefined,
    cropBox: undefined,
    rotate: undefined,
    resources: undefined,
  };
  const stack: { ref: PdfObject; inherited: Inherited; depth: number }[] = [
    { ref: pagesRef, inherited: none, depth: 0 },
  ];
  while (stack.length > 0) {
    const { ref, inherited, depth } = stack.pop()!;
    if (!(ref instanceof PdfRef)) throw malformed('page tree /Kids entry is not an indirect reference');
    if (seen.has(ref.num)) throw malformed(`page tree visits object ${ref.num} twice`);
    seen.add(ref.num);
    if (depth > MAX_TREE_DEPTH) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'page tree is too deep');
    const node = doc.getObject(ref);
    if (!(node instanceof PdfDict)) throw malformed(`page tree node ${ref.num} is not a dictionary`);
    const here: Inherited = {
      mediaBox: node.get('MediaBox') ?? inherited.mediaBox,
      cropBox: node.get('CropBox') ?? inherited.cropBox,
      rotate: node.get('Rotate') ?? inherited.rotate,
      resources: node.get('Resources') ?? inherited.resources,
    };
    const type = node.name('Type');
    const kids = doc.resolve(node.get('Kids'));
    if (type === 'Pages' || (type !== 'Page' && kids !== undefined)) {
      if (!Array.isArray(kids)) throw malformed(`page tree node ${ref.num} has no /Kids array`);
      for (let i = kids.length - 1; i >= 0; i--)
        stack.push({ ref: kids[i]!, inherited: here, depth: depth + 1 });
      continue;
    }
    if (pages.length >= MAX_PAGES) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'too many pages');
    const mediaBox = readBox(doc, here.mediaBox) ?? DEFAULT_MEDIA_BOX;
    const crop = readBox(doc, here.cropBox);
    // 14.11.2: the crop box is clipped to the media box.
    const cropBox: Box = crop
      ? [
          Math.max(crop[0], mediaBox[0]),
          Math.max(crop[1], mediaBox[1]),
          Math.min(crop[2], mediaBox[2]),
          Math.min(crop[3], mediaBox[3]),
        ]
      : mediaBox;
    const resources = doc.resolve(here.resources);
    pages.push({
      index: pages.length,
      ref,
      dict: node,
      mediaBox,
      cropBox: cropBox[0] < cropBox[2] && cropBox[1] < cropBox[3] ? cropBox : mediaBox,
      rotate: readRotate(doc.resolve(here.rotate)),
      resources: resources instanceof PdfDict ? resources : undefined,
    });
  }
  return pages;
}

/** A rectangle (7.9.5), normalized so that [0],[1] is the lower-left corner; undefined if unusable. */
function readBox(doc: PageTreeSource, obj: PdfObject | undefined): Box | undefined {
  const arr = doc.resolve(obj);
  if (!Array.isArray(arr) || arr.length !== 4) return undefined;
  const v = arr.map((x) => doc.resolve(x));
  if (!v.every((x): x is number => typeof x === 'number' && Number.isFinite(x))) return undefined;
  const [a, b, c, d] = v as Box;
  if (a === c || b === d) return undefined;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

function readRotate(obj: PdfObject | undefined): 0 | 90 | 180 | 270 {
  if (typeof obj !== 'number' || !Number.isInteger(obj) || obj % 90 !== 0) return 0;
  return (((obj % 360) + 360) % 360) as 0 | 90 | 180 | 270;
}
