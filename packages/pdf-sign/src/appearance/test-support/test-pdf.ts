// Test-only: a tiny PDF writer and renderers, so the appearance tests do not depend on core's writer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from '../../core/objects.ts';
import { pdfNumber } from '../content-builder.ts';

export interface TestPage {
  readonly mediaBox: readonly [number, number, number, number];
  readonly cropBox?: readonly [number, number, number, number];
  readonly rotate?: number;
  /** Page content operators. */
  readonly content: string;
  readonly xObjects?: Record<string, PdfStream>;
  readonly fonts?: Record<string, PdfObject>;
  /** Annotation dictionaries (e.g. widgets with an /AP); /P is filled in. */
  readonly annots?: readonly PdfDict[];
}

/** A signature-widget-like annotation showing `appearance` in `rect` (ISO 32000-2 12.5.5 maps BBox to Rect). */
export function widgetAnnot(rect: readonly number[], appearance: PdfStream): PdfDict {
  return new PdfDict([
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['FT', PdfName.of('Sig')],
    ['T', new PdfString(Buffer.from('Seal'), false)],
    ['F', 4],
    ['Rect', [...rect]],
    ['AP', new PdfDict([['N', appearance]])],
  ]);
}

/** A classic-xref PDF with the given pages; nested streams become indirect objects. */
export function testPdf(pages: readonly TestPage[]): Uint8Array {
  const bodies: (Buffer | undefined)[] = [undefined];
  const alloc = (): PdfRef => {
    bodies.push(undefined);
    return new PdfRef(bodies.length - 1, 0);
  };
  const put = (ref: PdfRef, obj: PdfObject): void => {
    bodies[ref.num] = Buffer.concat([
      Buffer.from(`${ref.num} 0 obj\n`),
      write(obj),
      Buffer.from('\nendobj\n'),
    ]);
  };
  const write = (o: PdfObject): Buffer => {
    if (o === null) return Buffer.from('null');
    if (typeof o === 'boolean' || typeof o === 'number')
      return Buffer.from(typeof o === 'number' ? pdfNumber(o, 6) : String(o));
    if (o instanceof PdfName) return Buffer.from(`/${o.name}`);
    if (o instanceof PdfRef) return Buffer.from(`${o.num} ${o.gen} R`);
    if (o instanceof PdfString) return Buffer.from(`<${Buffer.from(o.bytes).toString('hex')}>`);
    if (Array.isArray(o))
      return Buffer.concat([
        Buffer.from('['),
        ...o.flatMap((e) => [write(e), Buffer.from(' ')]),
        Buffer.from(']'),
      ]);
    if (o instanceof PdfStream) {
      const ref = alloc();
      const dict = new PdfDict(o.dict.map);
      dict.set('Length', o.data.length);
      bodies[ref.num] = Buffer.concat([
        Buffer.from(`${ref.num} 0 obj\n`),
        write(dict),
        Buffer.from('\nstream\n'),
        Buffer.from(o.data),
        Buffer.from('\nendstream\nendobj\n'),
      ]);
      return Buffer.from(`${ref.num} 0 R`);
    }
    const parts: Buffer[] = [Buffer.from('<<')];
    for (const [k, v] of o.map) parts.push(Buffer.from(`/${k} `), write(v), Buffer.from('\n'));
    parts.push(Buffer.from('>>'));
    return Buffer.concat(parts);
  };
  const catalog = alloc();
  const pagesRef = alloc();
  const kids = pages.map((p) => {
    const ref = alloc();
    const page = new PdfDict([
      ['Type', PdfName.of('Page')],
      ['Parent', pagesRef],
      ['MediaBox', [...p.mediaBox]],
      [
        'Resources',
        new PdfDict([
          ['XObject', new PdfDict(Object.entries(p.xObjects ?? {}))],
          ['Font', new PdfDict(Object.entries(p.fonts ?? {}))],
        ]),
      ],
      ['Contents', new PdfStream(new PdfDict(), Buffer.from(p.content, 'latin1'))],
    ]);
    if (p.cropBox) page.set('CropBox', [...p.cropBox]);
    if (p.rotate) page.set('Rotate', p.rotate);
    if (p.annots) {
      // ISO 32000-2 7.7.3.3: /Annots holds indirect references.
      const refs = p.annots.map((a) => {
        const r = alloc();
        put(r, new PdfDict(a.map).set('P', ref));
        return r;
      });
      page.set('Annots', refs);
    }
    put(ref, page);
    return ref;
  });
  put(
    pagesRef,
    new PdfDict([
      ['Type', PdfName.of('Pages')],
      ['Kids', kids],
      ['Count', kids.length],
    ]),
  );
  put(
    catalog,
    new PdfDict([
      ['Type', PdfName.of('Catalog')],
      ['Pages', pagesRef],
    ]),
  );
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  for (let i = 1; i < bodies.length; i++) {
    offsets[i] = offset;
    chunks.push(bodies[i]!);
    offset += bodies[i]!.length;
  }
  let xref = `xref\n0 ${bodies.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < bodies.length; i++) xref += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${bodies.length} /Root ${catalog.num} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
}

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row 0 at the top. */
  readonly data: Uint8Array;
  readonly file: string;
}

export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'openseal-appearance-'));

/** Renders every page with poppler at `dpi`; returns one raster per page. */
export function renderWithPoppler(pdf: Uint8Array, dpi = 72, dir = scratchDir()): Raster[] {
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
  const out: Raster[] = [];
  for (let i = 1; ; i++) {
    const candidates = [
      `page-${i}.png`,
      `page-${String(i).padStart(2, '0')}.png`,
      `page-${String(i).padStart(3, '0')}.png`,
    ];
    const name = candidates.find((c) => {
      try {
        readFileSync(join(dir, c));
        return true;
      } catch {
        return false;
      }
    });
    if (!name) break;
    const png = PNG.sync.read(readFileSync(join(dir, name)));
    out.push({ width: png.width, height: png.height, data: png.data, file: join(dir, name) });
  }
  return out;
}

/** Renders page 1 with MuPDF; returns stderr (warnings) and the raster. */
export function renderWithMupdf(
  pdf: Uint8Array,
  dpi = 72,
  dir = scratchDir(),
): { warnings: string; raster: Raster } {
  const file = join(dir, 'doc.pdf');
  const png = join(dir, 'mupdf.png');
  writeFileSync(file, pdf);
  const r = execFileSync('sh', ['-c', `mutool draw -r ${dpi} -o "${png}" "${file}" 1 2>&1 >/dev/null`], {
    encoding: 'utf8',
  });
  const decoded = PNG.sync.read(readFileSync(png));
  return {
    warnings: r.trim(),
    raster: { width: decoded.width, height: decoded.height, data: decoded.data, file: png },
  };
}

/** Seal-red pixel: strongly red, weakly green and blue (anti-aliased edges excluded). */
export const isSealRed = (r: number, g: number, b: number): boolean => r > 150 && g < 110 && b < 110;

/** Counts pixels matching `pred` in the box [x0,x1)×[y0,y1) given in raster pixels (top-left origin). */
export function countPixels(
  img: Raster,
  pred: (r: number, g: number, b: number) => boolean,
  box: { x0: number; y0: number; x1: number; y1: number } = { x0: 0, y0: 0, x1: img.width, y1: img.height },
): number {
  let n = 0;
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(img.height, box.y1); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(img.width, box.x1); x++) {
      const i = 4 * (y * img.width + x);
      if (pred(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
    }
  }
  return n;
}
