// Where the seal lands: page coordinates, a keyword, the cross-page seal; invisible otherwise.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import type { PdfDict, PdfRef } from '../../src/core/objects.ts';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/verify.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

/** The newest signature field of the document and its widgets. */
function lastField(out: Uint8Array): { doc: PdfDocument; field: PdfDict; widgets: PdfDict[] } {
  const doc = PdfDocument.parse(out);
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'))!;
  const fields = doc.resolve(acro.get('Fields')) as PdfRef[];
  const field = doc.resolveDict(fields[fields.length - 1])!;
  const kids = doc.resolve(field.get('Kids'));
  const widgets = Array.isArray(kids) ? kids.map((k) => doc.resolveDict(k)!) : [field];
  return { doc, field, widgets };
}

/** Fraction of clearly red pixels in a region of a rendered page (x, y from the top-left, in pixels). */
function redShare(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let red = 0;
  let all = 0;
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(png.height, Math.round(y1)); y++) {
    for (let x = Math.max(0, Math.round(x0)); x < Math.min(png.width, Math.round(x1)); x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      all++;
      if (r > 150 && g < 110 && b < 110) red++;
    }
  }
  return all === 0 ? 0 : red / all;
}

function render(file: string, page = 1): PNG {
  const prefix = `${file}.render`;
  const res = spawnSync('pdftoppm', [
    '-r',
    '100',
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    prefix,
  ]);
  expect(res.status, String(res.stderr)).toBe(0);
  return PNG.sync.read(readFileSync(`${prefix}.png`));
}

describe('placement', () => {
  it('by page coordinates: the widget is centred on (x, y) and the seal is drawn there in red', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 400, y: 300 },
    });
    const { widgets } = lastField(out);
    expect(widgets).toHaveLength(1);
    const [x1, y1, x2, y2] = widgets[0]!.get('Rect') as number[];
    expect((x1! + x2!) / 2).toBeCloseTo(400, 1);
    expect((y1! + y2!) / 2).toBeCloseTo(300, 1);
    expect(x2! - x1!).toBeCloseTo((42 * 72) / 25.4, 1);
    expect(widgets[0]!.get('F')).toBe(132);
    const file = t.save('page-coordinates.pdf', out);
    expect(pdfsig(file, t.rootPem).signatures[0]?.valid).toBe(true);
    // 100 dpi: 1 pt = 100/72 px; page is 792 pt high.
    const png = render(file);
    const s = 100 / 72;
    const cx = 400 * s;
    const cy = (792 - 300) * s;
    const r = ((42 * 72) / 25.4 / 2) * s;
    expect(redShare(png, cx - r, cy - r, cx + r, cy + r)).toBeGreaterThan(0.05);
    // Nothing red far away from the seal.
    expect(redShare(png, 0, 0, png.width, cy - r - 10)).toBe(0);
  });

  it('an uploaded PNG (with transparency) or SVG seal image is drawn and stays valid', async () => {
    // A red ring on a transparent background, like a scanned seal with the paper removed.
    const png = new PNG({ width: 200, height: 200 });
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) {
        const d = Math.hypot(x - 100, y - 100);
        const i = (y * 200 + x) * 4;
        png.data.set([220, 20, 20, d > 80 && d < 96 ? 255 : 0], i);
      }
    }
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="44" fill="none" stroke="#d81e1e" stroke-width="8"/></svg>';
    for (const [name, seal] of [
      ['png', { kind: 'image', png: PNG.sync.write(png), widthMm: 40 }],
      ['svg', { kind: 'image', svg, widthMm: 40 }],
    ] as const) {
      const out = await sign(fixture('libreoffice.pdf'), t.credentials, {
        timestamper: t.timestamper,
        seal,
        placement: { kind: 'page', page: 1, x: 300, y: 400 },
      });
      const file = t.save(`image-seal-${name}.pdf`, out);
      const sig = pdfsig(file, t.rootPem).signatures[0];
      expect(sig, name).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
      const s = 100 / 72;
      const r = ((40 * 72) / 25.4 / 2) * s;
      const cy = (841.89 - 400) * s;
      const page = render(file);
      expect(redShare(page, 300 * s - r, cy - r, 300 * s + r, cy + r), name).toBeGreaterThan(0.03);
      // Transparent inside the ring: the page's own text shows through, nothing red at the centre.
      expect(redShare(page, 300 * s - 10, cy - 10, 300 * s + 10, cy + 10), name).toBe(0);
    }
  });

  it('by keyword: centred on "盖章处" in chromium-print.pdf (render saved for review)', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'keyword', keyword: '盖章处' },
    });
    const file = t.save('keyword.pdf', out);
    const sig = pdfsig(file, t.rootPem).signatures[0];
    expect(sig).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
    const { widgets } = lastField(out);
    const [x1, y1, x2, y2] = widgets[0]!.get('Rect') as number[];
    const png = render(file);
    const s = 100 / 72;
    expect(redShare(png, x1! * s, (792 - y2!) * s, x2! * s, (792 - y1!) * s)).toBeGreaterThan(0.05);
    // Kept for a person to look at (the project's scratch folder, outside the package).
    const review = new URL('../../../../.tmp/sign/', import.meta.url).pathname;
    mkdirSync(review, { recursive: true });
    copyFileSync(`${file}.render.png`, `${review}chromium-keyword-seal.png`);
  });

  it('keyword not found and page out of range are typed errors', async () => {
    const pdf = fixture('chromium-print.pdf');
    const base = { timestamper: t.timestamper, seal: ROUND_SEAL };
    await expect(
      sign(pdf, t.credentials, { ...base, placement: { kind: 'keyword', keyword: '不存在的词' } }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEYWORD_NOT_FOUND' });
    await expect(
      sign(pdf, t.credentials, { ...base, placement: { kind: 'page', page: 2, x: 100, y: 100 } }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_PAGE_OUT_OF_RANGE' });
  });

  it('cross-page seal on the 3-page mupdf.pdf: one field, one signature, one widget per page', async () => {
    const out = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'cross-page' },
    });
    const { doc, field, widgets } = lastField(out);
    expect(field.get('FT')).toBeDefined();
    expect(widgets).toHaveLength(3);
    const pages = doc.pages();
    widgets.forEach((w, i) => {
      expect((w.get('P') as PdfRef).num).toBe(pages[i]!.ref.num);
      expect((w.get('Parent') as PdfRef).num).toBeGreaterThan(0);
      const annots = doc.resolve(pages[i]!.dict.get('Annots')) as PdfRef[];
      expect(annots.some((a) => doc.resolveDict(a) === w)).toBe(true);
    });
    // One signature dictionary: every widget's /V is the field's.
    const v = field.get('V') as PdfRef;
    for (const w of widgets) expect((w.get('V') as PdfRef).num).toBe(v.num);
    const file = t.save('cross-page.pdf', out);
    // poppler lists the field once per widget, each time the same valid signature.
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures, output).toHaveLength(3);
    for (const s of signatures) {
      expect(s, output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
    }
    // Each page shows its slice at the right edge, in red.
    for (let i = 1; i <= 3; i++) {
      const png = render(file, i);
      expect(redShare(png, png.width - 20, 0, png.width, png.height), `page ${i}`).toBeGreaterThan(0.01);
    }
  });

  it('a mark (the signing date in its box) is drawn in the signature widget, which spans both', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 400, y: 300 },
      marks: [
        { seal: { kind: 'name', name: '2026-12-08', heightMm: 3, line: false }, page: 1, x: 150, y: 120 },
      ],
    });
    const { widgets } = lastField(out);
    expect(widgets).toHaveLength(1);
    const [x1, y1, x2, y2] = widgets[0]!.get('Rect') as number[];
    const seal = (42 * 72) / 25.4;
    // From the date's left edge to the seal's right edge, the date's bottom to the seal's top.
    expect(x2!).toBeCloseTo(400 + seal / 2, 1);
    expect(y2!).toBeCloseTo(300 + seal / 2, 1);
    expect(x1!).toBeLessThan(150);
    expect(y1!).toBeLessThan(120);
    expect(y1!).toBeGreaterThan(120 - 3 * 2.835);
    const file = t.save('signing-date-mark.pdf', out);
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures, output).toHaveLength(1);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
    const report = await verify(out, { trustAnchors: [t.pki.root.certificate] });
    expect(report.verdict, report.summary.en).toBe('authentic');
    // The seal still lands in red where it would alone; the space between stays the page's.
    const png = render(file);
    const px = (pt: number) => (pt * 100) / 72;
    expect(redShare(png, px(400 - 30), px(792 - 300 - 30), px(400 + 30), px(792 - 300 + 30))).toBeGreaterThan(
      0.05,
    );
  });

  it('on a turned page a mark gets a widget of its own', async () => {
    const pdf = fixture('mupdf.pdf');
    const turned =
      PdfDocument.parse(pdf)
        .pages()
        .findIndex((p) => p.rotate !== 0) + 1;
    expect(turned).toBeGreaterThan(0);
    const out = await sign(pdf, t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: turned, x: 300, y: 300 },
      marks: [
        {
          seal: { kind: 'name', name: '2026-12-08', heightMm: 3, line: false },
          page: turned,
          x: 150,
          y: 120,
        },
      ],
    });
    const { widgets } = lastField(out);
    expect(widgets).toHaveLength(2);
    const report = await verify(out, { trustAnchors: [t.pki.root.certificate] });
    expect(report.verdict, report.summary.en).toBe('authentic');
  });

  it('a mark without a visible seal beside it is refused', async () => {
    await expect(
      sign(fixture('chromium-print.pdf'), t.credentials, {
        timestamper: t.timestamper,
        marks: [{ seal: { kind: 'name', name: '2026-12-08', line: false }, page: 1, x: 150, y: 120 }],
      }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
  });

  it('invisible: Rect [0 0 0 0] on page 1, still flagged print + locked', async () => {
    const out = await sign(fixture('libreoffice.pdf'), t.credentials, { timestamper: t.timestamper });
    const { doc, widgets } = lastField(out);
    expect(widgets[0]!.get('Rect')).toEqual([0, 0, 0, 0]);
    expect(widgets[0]!.get('F')).toBe(132);
    expect((widgets[0]!.get('P') as PdfRef).num).toBe(doc.pages()[0]!.ref.num);
  });
});
