import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TrueTypeFont } from '@openseal/common';
import { TemplateError } from './template-error.ts';

// Noto Serif SC (SIL OFL 1.1, see FONTS.md), TrueType outlines from @expo-google-fonts.
const FONT_FILES = {
  NotoSerifSC: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'NotoSerifSC-Bold': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;
export const DEFAULT_FONT: FontName = 'NotoSerifSC';

export function isFontName(name: string): name is FontName {
  return Object.hasOwn(FONT_FILES, name);
}

/** A font plus per-process caches of what layout asks for most: advance width by code point. */
export class FontFace {
  readonly name: FontName;
  readonly font: TrueTypeFont;
  /** Em-box top and bottom as fractions of the font size. */
  readonly ascent: number;
  readonly descent: number;
  private readonly widths = new Map<number, number>();

  constructor(name: FontName, font: TrueTypeFont) {
    this.name = name;
    this.font = font;
    this.ascent = font.ascender / font.unitsPerEm;
    this.descent = font.descender / font.unitsPerEm;
  }

  /** Advance width in em; throws ERR_TEMPLATE_GLYPH for a character the font lacks. */
  advance(codePoint: number): number {
    let w = this.widths.get(codePoint);
    if (w === undefined) {
      w = this.font.advanceWidth(this.glyphId(codePoint)) / this.font.unitsPerEm;
      this.widths.set(codePoint, w);
    }
    return w;
  }

  glyphId(codePoint: number): number {
    const gid = this.font.glyphIdFor(codePoint);
    if (gid === 0) {
      const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
      throw new TemplateError(
        'ERR_TEMPLATE_GLYPH',
        `The character "${String.fromCodePoint(codePoint)}" (U+${hex}) is not in the font ${this.name}.`,
      );
    }
    return gid;
  }
}

const faces = new Map<FontName, FontFace>();

/** The process-wide face (a 14 MB file read and indexed on first use). */
export function fontFace(name: FontName): FontFace {
  let face = faces.get(name);
  if (!face) {
    const bytes = readFileSync(createRequire(import.meta.url).resolve(FONT_FILES[name]));
    face = new FontFace(name, new TrueTypeFont(bytes));
    faces.set(name, face);
  }
  return face;
}
