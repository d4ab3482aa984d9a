import { DEFAULT_FONT, fontFace } from './font-faces.ts';
import { rgb } from './pdf-writer.ts';
import type { TextStyle } from './template-types.ts';
import type { ResolvedTextStyle } from './text-layout.ts';

/** pdfme's text defaults: 13 pt, line height 1, left/top aligned, black. */
export function resolveTextStyle(style: TextStyle): ResolvedTextStyle {
  return {
    face: fontFace(style.fontName === 'NotoSerifSC-Bold' ? 'NotoSerifSC-Bold' : DEFAULT_FONT),
    size: style.fontSize ?? 13,
    lineHeight: style.lineHeight ?? 1,
    characterSpacing: style.characterSpacing ?? 0,
    color: rgb(style.fontColor) ?? '0 0 0',
    alignment: style.alignment ?? 'left',
    verticalAlignment: style.verticalAlignment ?? 'top',
  };
}
