import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { appearanceStream, buildSealAppearance } from './appearance.ts';
import { type PageRotation, widgetRect } from './placement.ts';
import {
  countPixels,
  isSealRed,
  type Raster,
  renderWithPoppler,
  testPdf,
  widgetAnnot,
} from './test-support/test-pdf.ts';

/** ▛: red everywhere but the bottom-right quarter, so every turn of it looks different. */
function cornerPng(): Uint8Array {
  const n = 40;
  const png = new PNG({ width: n, height: n });
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const empty = x >= n / 2 && y >= n / 2; // PNG rows run top to bottom
      png.data.set(empty ? [255, 255, 255, 0] : [220, 20, 20, 255], 4 * (y * n + x));
    }
  }
  return PNG.sync.write(png);
}

/** Red pixels per quadrant of the red area's bounding box, as the reader sees the page. */
function quadrants(img: Raster): { tl: number; tr: number; bl: number; br: number } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = 4 * (y * img.width + x);
      if (isSealRed(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) {
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
    }
  }
  const mx = (x0 + x1 + 1) / 2;
  const my = (y0 + y1 + 1) / 2;
  const q = (a: number, b: number, c: number, d: number): number =>
    countPixels(img, isSealRed, { x0: a, y0: b, x1: c, y1: d });
  return {
    tl: q(x0, y0, mx, my),
    tr: q(mx, y0, x1 + 1, my),
    bl: q(x0, my, mx, y1 + 1),
    br: q(mx, my, x1 + 1, y1 + 1),
  };
}

describe('widgetRect', () => {
  const seal = buildSealAppearance({ kind: 'round', orgName: '示范大学' });
  const page = {
    mediaBox: [0, 0, 595, 842] as [number, number, number, number],
    cropBox: [0, 0, 595, 842] as [number, number, number, number],
    rotate: 0 as const,
  };

  it('centres the seal on the point and keeps it inside the CropBox', () => {
    const w = seal.width;
    expect(widgetRect(seal, page, { x: 300, y: 400 }).rect).toEqual(
      [300 - w / 2, 400 - w / 2, 300 + w / 2, 400 + w / 2].map((n) => Math.round(n * 1000) / 1000),
    );
    const clamped = widgetRect(seal, { ...page, cropBox: [20, 30, 500, 800] }, { x: 5, y: 900 }).rect;
    expect(clamped[0]).toBe(20);
    expect(clamped[3]).toBe(800);
    expect(widgetRect(seal, page, { x: 300, y: 400 }).matrix).toBeUndefined();
  });

  it('refuses a seal larger than the page', () => {
    expect(() => widgetRect(seal, { ...page, cropBox: [0, 0, 50, 50] }, { x: 25, y: 25 })).toThrow(
      expect.objectContaining({ code: 'ERR_SEAL_PLACEMENT_INVALID' }),
    );
  });

  it.each([0, 90, 180, 270] as PageRotation[])(
    'shows the seal upright on a page with /Rotate %i',
    (rotate) => {
      const app = buildSealAppearance({ kind: 'image', png: cornerPng(), widthMm: 40 });
      const mediaBox: [number, number, number, number] = [0, 0, 300, 400];
      const { rect, matrix } = widgetRect(app, { mediaBox, cropBox: mediaBox, rotate }, { x: 150, y: 200 });
      expect((rect[0] + rect[2]) / 2).toBeCloseTo(150, 2);
      expect((rect[1] + rect[3]) / 2).toBeCloseTo(200, 2);
      const pdf = testPdf([
        { mediaBox, rotate, content: '', annots: [widgetAnnot(rect, appearanceStream(app, matrix))] },
      ]);
      const q = quadrants(renderWithPoppler(pdf)[0]!);
      const full = (app.width * app.width) / 4;
      for (const v of [q.tl, q.tr, q.bl]) expect(v).toBeGreaterThan(full * 0.8);
      expect(q.br).toBeLessThan(full * 0.05);
    },
  );
});
