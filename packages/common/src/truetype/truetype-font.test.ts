import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TrueTypeFont, TrueTypeFormatError } from '../index.ts';

const noto = readFileSync(
  createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
);

const malformed = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TrueTypeFormatError);
    if (e instanceof TrueTypeFormatError) return e.code;
  }
  throw new Error('expected a TrueTypeFormatError');
};

describe('TrueTypeFont', () => {
  const font = new TrueTypeFont(noto);

  it('maps code points to glyphs and draws an outline as closed PDF paths inside the glyph box', () => {
    const gid = font.glyphIdFor('印'.codePointAt(0)!);
    expect(gid).toBeGreaterThan(0);
    const outline = font.outline(gid);
    expect(outline.glyphId).toBe(gid);
    expect(outline.path).toMatch(/^-?\d+ -?\d+ m\n/);
    expect(outline.path.trimEnd().endsWith('h')).toBe(true);
    expect(outline.advanceWidth).toBe(font.advanceWidth(gid));
    const [xMin, yMin, xMax, yMax] = outline.bbox;
    expect(xMin).toBeGreaterThanOrEqual(font.bbox[0]);
    expect(yMin).toBeGreaterThanOrEqual(font.bbox[1]);
    expect(xMax).toBeLessThanOrEqual(font.bbox[2]);
    expect(yMax).toBeLessThanOrEqual(font.bbox[3]);
  });

  it('gives glyph 0 for a character the font lacks and an empty path for a blank glyph', () => {
    expect(font.glyphIdFor(0x10ffff)).toBe(0);
    const space = font.outline(font.glyphIdFor(0x20));
    expect(space.path).toBe('');
    expect(space.bbox).toEqual([0, 0, 0, 0]);
    expect(space.advanceWidth).toBeGreaterThan(0);
  });

  const dejaVu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  it.skipIf(!existsSync(dejaVu))('draws a composite glyph as its components, moved into place', () => {
    // DejaVu's "é" is "e" plus the acute accent; "e" is drawn unmoved (OpenType 'glyf' composites).
    const sans = new TrueTypeFont(readFileSync(dejaVu));
    const composite = sans.glyph(sans.glyphIdFor(0xe9));
    expect(composite.components.length).toBe(2);
    const e = sans.outline(sans.glyphIdFor(0x65));
    const eAcute = sans.outline(sans.glyphIdFor(0xe9));
    expect(eAcute.path.startsWith(e.path)).toBe(true);
    expect(eAcute.path.length).toBeGreaterThan(e.path.length);
    expect(eAcute.bbox[3]).toBeGreaterThan(e.bbox[3]);
  });

  it('refuses what is not a TrueType-outline font with ERR_FONT_MALFORMED', () => {
    expect(malformed(() => new TrueTypeFont(new TextEncoder().encode('OTTO not a TrueType font')))).toBe(
      'ERR_FONT_MALFORMED',
    );
    expect(malformed(() => new TrueTypeFont(noto.subarray(0, 4096)))).toBe('ERR_FONT_MALFORMED');
  });

  it('refuses a glyph whose outline runs past its own bytes instead of reading the next glyph', () => {
    const gid = font.glyphIdFor('印'.codePointAt(0)!);
    const broken = Uint8Array.from(noto);
    const at = font.glyph(gid).data.byteOffset - noto.byteOffset;
    // numberOfContours = 30000: the contour end points alone would need 60,000 bytes.
    new DataView(broken.buffer).setInt16(at, 30000);
    expect(malformed(() => new TrueTypeFont(broken).outline(gid))).toBe('ERR_FONT_MALFORMED');
  });
});
