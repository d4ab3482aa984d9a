import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type GlyphOutline, TrueTypeFont } from '@openseal/common';
import { AppearanceError } from './appearance-error.ts';

// Seal text is drawn from the outlines of Noto Serif SC Bold (SIL OFL 1.1, see FONTS.md): a Song-style
// face, as on real seals, and outlines keep the font itself out of every signed PDF.
const FONT_MODULE = '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf';
export const SEAL_FONT_NAME = 'Noto Serif SC Bold';

export interface SealGlyph extends GlyphOutline {
  readonly char: string;
}

/** Glyph outlines for seal text; parsed once, each character's outline converted once. */
export interface SealFont {
  readonly unitsPerEm: number;
  /** Top and bottom of the ideographic em box, font units. */
  readonly ascender: number;
  readonly descender: number;
  /** Throws ERR_SEAL_TEXT_UNSUPPORTED for a character the font lacks. */
  glyph(char: string): SealGlyph;
}

let shared: SealFont | undefined;

/** The process-wide seal font (a 14 MB file read on first use). */
export function sealFont(): SealFont {
  shared ??= loadSealFont(readFileSync(createRequire(import.meta.url).resolve(FONT_MODULE)));
  return shared;
}

export function loadSealFont(bytes: Uint8Array): SealFont {
  const font = new TrueTypeFont(bytes);
  const cache = new Map<string, SealGlyph>();
  return {
    unitsPerEm: font.unitsPerEm,
    ascender: font.ascender,
    descender: font.descender,
    glyph(char: string): SealGlyph {
      let g = cache.get(char);
      if (!g) {
        const cp = char.codePointAt(0)!;
        const id = font.glyphIdFor(cp);
        if (id === 0) {
          const hex = cp.toString(16).toUpperCase().padStart(4, '0');
          throw new AppearanceError(
            'ERR_SEAL_TEXT_UNSUPPORTED',
            `The character "${char}" (U+${hex}) is not in the seal font ${SEAL_FONT_NAME}; use another character or an image seal.`,
          );
        }
        g = { char, ...font.outline(id) };
        cache.set(char, g);
      }
      return g;
    },
  };
}
