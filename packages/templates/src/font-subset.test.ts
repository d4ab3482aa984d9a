import { existsSync, readFileSync } from 'node:fs';
import { TrueTypeFont } from '@openseal/common';
import { describe, expect, it } from 'vitest';
import { FontFace, fontFace } from './font-faces.ts';
import { FontSubset } from './font-subset.ts';

const cps = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);

/** A glyph as the subset stores it: the original bytes, zero-padded to 4 bytes. */
function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((data.length + 3) & ~3);
  out.set(data);
  return out;
}

function wholeFileChecksum(bytes: Uint8Array): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

describe('FontSubset', () => {
  it('builds a compact TrueType font whose glyphs and metrics match the original', () => {
    const face = fontFace('NotoSerifSC');
    const subset = new FontSubset(face);
    const hex = subset.encode(cps('张三张 Ab'));
    // New ids in order of first use; repeated characters reuse their id.
    expect(hex).toBe('000100020001000300040005');
    const built = subset.build();
    expect(built.unicodes).toEqual([0, ...cps('张三 Ab')]);
    expect(built.tag).toMatch(/^[A-Z]{6}$/);

    const parsed = new TrueTypeFont(built.fontFile);
    expect(parsed.numGlyphs).toBe(6);
    expect(parsed.unitsPerEm).toBe(face.font.unitsPerEm);
    for (const [newId, cp] of built.unicodes.entries()) {
      const oldId = newId === 0 ? 0 : face.font.glyphIdFor(cp);
      expect(new Uint8Array(parsed.glyph(newId).data)).toEqual(padded(face.font.glyph(oldId).data));
      expect(parsed.advanceWidth(newId)).toBe(face.font.advanceWidth(oldId));
      expect(built.widths[newId]).toBe(
        Math.round((face.font.advanceWidth(oldId) * 1000) / face.font.unitsPerEm),
      );
    }
    // OpenType 'head': checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
    expect(wholeFileChecksum(built.fontFile)).toBe(0xb1b0afba);
  });

  const dejaVu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  it.skipIf(!existsSync(dejaVu))('pulls in and renumbers the components of composite glyphs', () => {
    // Noto Serif SC has no composite glyphs; DejaVu's accented letters are composites.
    const font = new TrueTypeFont(readFileSync(dejaVu));
    const subset = new FontSubset(new FontFace('NotoSerifSC', font));
    subset.encode(cps('é'));
    const parsed = new TrueTypeFont(subset.build().fontFile);
    const original = font.glyph(font.glyphIdFor(0xe9));
    const composite = parsed.glyph(1);
    expect(original.components.length).toBeGreaterThan(0);
    expect(composite.components).toEqual(original.components.map((_, i) => 2 + i));
    composite.components.forEach((newId, i) => {
      expect(new Uint8Array(parsed.glyph(newId).data)).toEqual(
        padded(font.glyph(original.components[i]!).data),
      );
    });
  });
});
