import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { type PdfDict, PdfStream } from '../core/objects.ts';
import { type Appearance, appearanceStream, buildSealAppearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';
import type { SealSpec } from './seal-spec.ts';
import {
  countPixels,
  isSealRed,
  type Raster,
  renderWithMupdf,
  renderWithPoppler,
  testPdf,
} from './test-support/test-pdf.ts';

const MARGIN = 20;

/** One page with the seal drawn at (MARGIN, MARGIN) through its form XObject. */
function sealPage(app: Appearance): Uint8Array {
  return testPdf([
    {
      mediaBox: [0, 0, app.width + 2 * MARGIN, app.height + 2 * MARGIN],
      content: `q 1 0 0 1 ${MARGIN} ${MARGIN} cm /Seal Do Q`,
      xObjects: { Seal: appearanceStream(app) },
    },
  ]);
}

/** Red pixels in a box given in seal millimetres from the seal's bottom-left corner (72 dpi raster). */
function redIn(img: Raster, box: { x0: number; y0: number; x1: number; y1: number }): number {
  const mm = 72 / 25.4;
  const top = img.height - MARGIN;
  return countPixels(img, isSealRed, {
    x0: MARGIN + box.x0 * mm,
    x1: MARGIN + box.x1 * mm,
    y0: top - box.y1 * mm,
    y1: top - box.y0 * mm,
  });
}

const mupdfNoise = (s: string): string =>
  s
    .split('\n')
    .filter((l) => l && !/ICC support is not available|^page /.test(l))
    .join('\n');

const university: SealSpec = {
  kind: 'round',
  orgName: '示范大学',
  sealName: '成绩专用章',
  code: '1101080012345',
};

describe('round official seal', () => {
  const app = buildSealAppearance(university);

  it('is 42 mm across and draws the ring, the star, the name and nothing outside the seal', () => {
    expect(app.width).toBeCloseTo(42 * (72 / 25.4), 3);
    const [img] = renderWithPoppler(sealPage(app));
    const page = img!;
    // Ring: on the left and right ends of the horizontal diameter, and at the bottom.
    expect(redIn(page, { x0: 0, y0: 19, x1: 1.3, y1: 23 })).toBeGreaterThan(3);
    expect(redIn(page, { x0: 40.7, y0: 19, x1: 42, y1: 23 })).toBeGreaterThan(3);
    expect(redIn(page, { x0: 19, y0: 0, x1: 23, y1: 1.3 })).toBeGreaterThan(3);
    // Star: solid in the centre.
    expect(redIn(page, { x0: 19, y0: 19, x1: 23, y1: 23 })).toBeGreaterThan(60);
    // Organisation name on the upper arc, purpose line below the star.
    expect(redIn(page, { x0: 8, y0: 30, x1: 34, y1: 40 })).toBeGreaterThan(40);
    expect(redIn(page, { x0: 10, y0: 9, x1: 32, y1: 14 })).toBeGreaterThan(40);
    // Nothing between the star and the ring on the sides, nothing off the seal.
    expect(redIn(page, { x0: 3, y0: 19, x1: 9, y1: 23 })).toBe(0);
    const all = countPixels(page, isSealRed);
    expect(redIn(page, { x0: 0, y0: 0, x1: 42, y1: 42 })).toBe(all);
  });

  it('renders in MuPDF without warnings', () => {
    const { warnings, raster } = renderWithMupdf(sealPage(app));
    expect(mupdfNoise(warnings)).toBe('');
    expect(redIn(raster, { x0: 19, y0: 19, x1: 23, y1: 23 })).toBeGreaterThan(60);
  });

  it('keeps the content small and uses the Multiply blend mode', () => {
    expect(app.content.length).toBeLessThan(60_000);
    const gs = (app.resources.get('ExtGState') as PdfDict).get('GS0') as PdfDict;
    expect(gs.name('BM')).toBe('Multiply');
    const long = buildSealAppearance({
      kind: 'round',
      orgName: '中华人民共和国示范科技大学教务处',
      sealName: '合同专用章',
      code: '1101080012345',
    });
    expect(long.content.length).toBeLessThan(60_000);
  });

  it('is deterministic and memoised per spec', () => {
    const again = buildSealAppearance({ ...university });
    expect(again).toBe(app);
    const other = buildSealAppearance({ ...university, color: [0.8, 0.1, 0.1] });
    expect(other).not.toBe(app);
    // Same drawing but for the colour operators.
    const text = (a: Appearance): string =>
      Buffer.from(a.content)
        .toString('latin1')
        .replace(/^.* (rg|RG)$/gm, '');
    expect(text(other)).toBe(text(app));
  });

  it('gives a memoised FlateDecode form XObject', () => {
    const s = appearanceStream(app);
    expect(appearanceStream(app)).toBe(s);
    expect(s.dict.name('Subtype')).toBe('Form');
    expect(s.dict.name('Filter')).toBe('FlateDecode');
    expect(s.dict.get('BBox')).toEqual([0, 0, 119.055, 119.055]);
    expect(Buffer.from(inflateSync(s.data)).equals(Buffer.from(app.content))).toBe(true);
    const turned = appearanceStream(app, [0, 1, -1, 0, 0, 0]);
    expect(turned).not.toBe(s);
    expect(turned.dict.get('Matrix')).toEqual([0, 1, -1, 0, 0, 0]);
  });

  it('refuses characters missing from the font and unusable specs with stable codes', () => {
    const code = (spec: SealSpec): string | undefined => {
      try {
        buildSealAppearance(spec);
        return undefined;
      } catch (e) {
        if (e instanceof AppearanceError) return e.code;
        throw e;
      }
    };
    expect(code({ kind: 'round', orgName: '示范大学\u{1F600}' })).toBe('ERR_SEAL_TEXT_UNSUPPORTED');
    expect(code({ kind: 'round', orgName: '  ' })).toBe('ERR_SEAL_SPEC_INVALID');
    expect(code({ kind: 'round', orgName: '示范大学', diameterMm: -4 })).toBe('ERR_SEAL_SPEC_INVALID');
    expect(code({ kind: 'round', orgName: '示范大学', color: [2, 0, 0] })).toBe('ERR_SEAL_SPEC_INVALID');
    expect(code({ kind: 'round', orgName: '示'.repeat(40) })).toBe('ERR_SEAL_TEXT_UNSUPPORTED');
    expect(code({ kind: 'square', personName: '欧阳小明同学', suffix: '印' })).toBe(
      'ERR_SEAL_TEXT_UNSUPPORTED',
    );
    try {
      buildSealAppearance({ kind: 'round', orgName: '示范大学\u{1F600}' });
    } catch (e) {
      expect(e).toBeInstanceOf(AppearanceError);
      expect((e as Error).message).toContain('U+1F600');
    }
  });
});

describe('oval seal', () => {
  it('draws a ring on an ellipse with the text inside it', () => {
    const app = buildSealAppearance({
      kind: 'oval',
      orgName: '示范大学财务处',
      sealName: '财务专用章',
      code: '1101080012345',
      doubleRing: true,
    });
    expect(app.width).toBeCloseTo(45 * (72 / 25.4), 3);
    expect(app.height).toBeCloseTo(30 * (72 / 25.4), 3);
    const [img] = renderWithPoppler(sealPage(app));
    const page = img!;
    expect(redIn(page, { x0: 0, y0: 13, x1: 1.2, y1: 17 })).toBeGreaterThan(3);
    expect(redIn(page, { x0: 20, y0: 28.8, x1: 25, y1: 30 })).toBeGreaterThan(3);
    // Purpose line across the middle.
    expect(redIn(page, { x0: 12, y0: 11, x1: 33, y1: 17 })).toBeGreaterThan(40);
    // The corners of the bounding box are outside the ellipse.
    expect(redIn(page, { x0: 0, y0: 0, x1: 4, y1: 4 })).toBe(0);
    expect(countPixels(page, isSealRed)).toBe(redIn(page, { x0: 0, y0: 0, x1: 45, y1: 30 }));
    expect(mupdfNoise(renderWithMupdf(sealPage(app)).warnings)).toBe('');
  });
});

describe('square personal seal', () => {
  /** Centres of the placed glyphs, in content order (from each `cm` operator and the em-box middle). */
  const glyphCentres = (app: Appearance): { x: number; y: number }[] =>
    [
      ...Buffer.from(app.content)
        .toString('latin1')
        .matchAll(/^q (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm$/gm),
    ].map((m) => {
      const [a, b, c, d, e, f] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      return { x: a * 500 + c * 380 + e, y: b * 500 + d * 380 + f };
    });

  it('reads right column top to bottom, then the left column (张三之印)', () => {
    const app = buildSealAppearance({ kind: 'square', personName: '张三' });
    const [zhang, san, zhi, yin] = glyphCentres(app);
    const mid = app.width / 2;
    expect(zhang!.x).toBeGreaterThan(mid);
    expect(zhang!.y).toBeGreaterThan(mid);
    expect(san!.x).toBeGreaterThan(mid);
    expect(san!.y).toBeLessThan(mid);
    expect(zhi!.x).toBeLessThan(mid);
    expect(zhi!.y).toBeGreaterThan(mid);
    expect(yin!.x).toBeLessThan(mid);
    expect(yin!.y).toBeLessThan(mid);
  });

  it('adds 印 to three-character names, nothing to four, and fills the square', () => {
    expect(glyphCentres(buildSealAppearance({ kind: 'square', personName: '李小明' }))).toHaveLength(4);
    expect(glyphCentres(buildSealAppearance({ kind: 'square', personName: '欧阳小明' }))).toHaveLength(4);
    expect(
      glyphCentres(buildSealAppearance({ kind: 'square', personName: '李小明', suffix: '' })),
    ).toHaveLength(3);
    const app = buildSealAppearance({ kind: 'square', personName: '张三' });
    const [img] = renderWithPoppler(sealPage(app));
    for (const [x0, y0] of [
      [3, 3],
      [11, 3],
      [3, 11],
      [11, 11],
    ] as const) {
      expect(redIn(img!, { x0, y0, x1: x0 + 6, y1: y0 + 6 })).toBeGreaterThan(25);
    }
    expect(redIn(img!, { x0: 0, y0: 8, x1: 0.9, y1: 12 })).toBeGreaterThan(3);
  });
});

describe('typed name', () => {
  const inkPixels = (app: Appearance) => {
    const { warnings, raster } = renderWithMupdf(sealPage(app), 144);
    expect(mupdfNoise(warnings)).toBe('');
    return countPixels(raster, (r, g, b) => b > 80 && r < 90 && g < 100);
  };

  it('writes any name on one line over a signature line, as wide as the name needs', () => {
    const short = buildSealAppearance({ kind: 'name', name: '张三' });
    const long = buildSealAppearance({ kind: 'name', name: 'Anna-Lena Müller 王小明' });
    expect(long.width).toBeGreaterThan(short.width * 3);
    expect(long.height).toBeCloseTo(short.height, 5);
    expect(inkPixels(long)).toBeGreaterThan(inkPixels(short) * 2);
  });

  it('refuses an empty name and characters the font lacks, with stable codes', () => {
    expect(() => buildSealAppearance({ kind: 'name', name: '  ' })).toThrow(
      expect.objectContaining({ code: 'ERR_SEAL_SPEC_INVALID' }),
    );
    expect(() => buildSealAppearance({ kind: 'name', name: '张三\u{1F600}' })).toThrow(
      expect.objectContaining({ code: 'ERR_SEAL_TEXT_UNSUPPORTED' }),
    );
  });
});

describe('image seal', () => {
  /** A red disc on a transparent background. */
  const discPng = (size: number): Uint8Array => {
    const png = new PNG({ width: size, height: size });
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = 4 * (y * size + x);
        const inside = Math.hypot(x - size / 2, y - size / 2) < size * 0.45;
        png.data.set(inside ? [220, 20, 20, 255] : [255, 255, 255, 0], i);
      }
    }
    return PNG.sync.write(png);
  };

  it('draws a PNG as an RGB image with an /SMask at the given width', () => {
    const app = buildSealAppearance({ kind: 'image', png: discPng(200), widthMm: 40 });
    expect(app.height).toBeCloseTo(app.width, 6);
    const im = (app.resources.get('XObject') as PdfDict).get('Im0') as PdfStream;
    expect(im.dict.name('ColorSpace')).toBe('DeviceRGB');
    expect(im.dict.get('SMask')).toBeInstanceOf(PdfStream);
    const [img] = renderWithPoppler(sealPage(app));
    expect(redIn(img!, { x0: 17, y0: 17, x1: 23, y1: 23 })).toBeGreaterThan(200);
    // Transparent corners stay white.
    expect(redIn(img!, { x0: 0, y0: 0, x1: 3, y1: 3 })).toBe(0);
    expect(mupdfNoise(renderWithMupdf(sealPage(app)).warnings)).toBe('');
  });

  it('rasterises an SVG and keeps its aspect ratio', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"><rect x="5" y="5" width="90" height="40" fill="#d91a1a"/></svg>';
    const app = buildSealAppearance({ kind: 'image', svg, widthMm: 40 });
    expect(app.height / app.width).toBeCloseTo(0.5, 2);
    const [img] = renderWithPoppler(sealPage(app));
    expect(redIn(img!, { x0: 10, y0: 5, x1: 30, y1: 15 })).toBeGreaterThan(300);
  });

  it('refuses malformed, oversized and externally linked images', () => {
    const code = (spec: SealSpec): string | undefined => {
      try {
        buildSealAppearance(spec);
        return undefined;
      } catch (e) {
        if (e instanceof AppearanceError) return e.code;
        throw e;
      }
    };
    const png = Buffer.from(discPng(16));
    expect(code({ kind: 'image', png: png.subarray(0, 60), widthMm: 20 })).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(code({ kind: 'image', png: Buffer.from('not a png at all, really not a png'), widthMm: 20 })).toBe(
      'ERR_SEAL_IMAGE_INVALID',
    );
    const huge = Buffer.from(png);
    huge.writeUInt32BE(5000, 16); // IHDR width
    expect(code({ kind: 'image', png: huge, widthMm: 20 })).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(code({ kind: 'image', png: new Uint8Array(21 * 1024 * 1024), widthMm: 20 })).toBe(
      'ERR_SEAL_IMAGE_INVALID',
    );
    const linked =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>';
    expect(code({ kind: 'image', svg: linked, widthMm: 20 })).toBe('ERR_SEAL_IMAGE_INVALID');
    const css =
      '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)" width="1" height="1"/></svg>';
    expect(code({ kind: 'image', svg: css, widthMm: 20 })).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(code({ kind: 'image', svg: '<svg', widthMm: 20 })).toBe('ERR_SEAL_IMAGE_INVALID');
    expect(code({ kind: 'image', widthMm: 20 })).toBe('ERR_SEAL_SPEC_INVALID');
  });
});
