import { describe, expect, it } from 'vitest';
import { appearanceStream, buildSealAppearance } from './appearance.ts';
import { crossPageSlices } from './cross-page.ts';
import type { Box } from './placement.ts';
import { countPixels, isSealRed, renderWithPoppler, testPdf, widgetAnnot } from './test-support/test-pdf.ts';

const seal = buildSealAppearance({ kind: 'round', orgName: '示范大学', sealName: '合同专用章' });
const box: Box = [0, 0, 300, 400];

describe('crossPageSlices (骑缝章)', () => {
  it('puts slice i of n flush with the right edge of page i, widths adding up to the seal', () => {
    const slices = crossPageSlices(
      seal,
      [0, 1, 2].map(() => ({ cropBox: box, rotate: 0 as const })),
    );
    expect(slices.map((s) => s.pageIndex)).toEqual([0, 1, 2]);
    const total = slices.reduce((sum, s) => sum + (s.rect[2] - s.rect[0]), 0);
    expect(total).toBeCloseTo(seal.width, 2);
    for (const s of slices) {
      expect(s.rect[2]).toBe(300);
      expect((s.rect[1] + s.rect[3]) / 2).toBeCloseTo(200, 2);
      expect(s.appearance.width).toBeCloseTo(seal.width / 3, 6);
    }
  });

  it('renders slices that together make the whole seal', () => {
    const slices = crossPageSlices(
      seal,
      [0, 1, 2].map(() => ({ cropBox: box, rotate: 0 as const })),
    );
    const pdf = testPdf(
      slices.map((s) => ({
        mediaBox: box,
        content: '',
        annots: [widgetAnnot(s.rect, appearanceStream(s.appearance))],
      })),
    );
    const pages = renderWithPoppler(pdf);
    expect(pages).toHaveLength(3);
    const perPage = pages.map((p, i) => {
      const r = slices[i]!.rect;
      const inside = countPixels(p, isSealRed, {
        x0: r[0] - 1,
        y0: 400 - r[3] - 1,
        x1: 301,
        y1: 400 - r[1] + 1,
      });
      expect(countPixels(p, isSealRed)).toBe(inside); // nothing outside the slice
      expect(inside).toBeGreaterThan(100);
      return inside;
    });
    const whole = renderWithPoppler(
      testPdf([
        { mediaBox: box, content: 'q 1 0 0 1 50 50 cm /S Do Q', xObjects: { S: appearanceStream(seal) } },
      ]),
    )[0]!;
    const sum = perPage.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - countPixels(whole, isSealRed)) / sum).toBeLessThan(0.05);
  });

  it('uses the edge the reader sees on the right of a rotated page', () => {
    const [s90] = crossPageSlices(seal, [
      { cropBox: box, rotate: 90 },
      { cropBox: box, rotate: 90 },
    ]);
    // Shown turned clockwise, the top edge of user space is on the reader's right.
    expect(s90!.rect[3]).toBe(400);
    expect(s90!.rect[3] - s90!.rect[1]).toBeCloseTo(seal.width / 2, 2);
    expect(s90!.appearance.width).toBeCloseTo(seal.height, 6);
    const [s270] = crossPageSlices(seal, [
      { cropBox: box, rotate: 270 },
      { cropBox: box, rotate: 270 },
    ]);
    expect(s270!.rect[1]).toBe(0);
    const [s180] = crossPageSlices(seal, [{ cropBox: [10, 10, 300, 400], rotate: 180 }]);
    expect(s180!.rect[0]).toBe(10);
    // And the rendered page shows red at the reader's right edge.
    const pdf = testPdf([
      {
        mediaBox: box,
        rotate: 90,
        content: '',
        annots: [widgetAnnot(s90!.rect, appearanceStream(s90!.appearance))],
      },
    ]);
    const img = renderWithPoppler(pdf)[0]!;
    expect(img.width).toBe(400);
    const right = countPixels(img, isSealRed, { x0: 400 - seal.width / 2 - 1, y0: 0, x1: 400, y1: 300 });
    expect(right).toBeGreaterThan(100);
    expect(countPixels(img, isSealRed)).toBe(right);
  });

  it('shows half the seal on a single page and cycles in groups when slices would be too thin', () => {
    const [half] = crossPageSlices(seal, [{ cropBox: box, rotate: 0 }]);
    expect(half!.rect[2] - half!.rect[0]).toBeCloseTo(seal.width / 2, 2);
    const many = crossPageSlices(
      seal,
      Array.from({ length: 100 }, () => ({ cropBox: box, rotate: 0 as const })),
    );
    const widths = many.map((s) => s.rect[2] - s.rect[0]);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(4 - 0.001);
    // 119 pt / 4 pt → at most 29 slices per seal; 100 pages → 4 groups of 25.
    expect(widths.slice(0, 25).reduce((a, b) => a + b, 0)).toBeCloseTo(seal.width, 1);
    expect(widths[99]).toBeCloseTo(seal.width / 25, 2);
  });
});
