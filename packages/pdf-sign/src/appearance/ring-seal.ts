import type { Appearance } from './appearance.ts';
import { drawArcText, drawLineText, EllipsePath, glyphsOf } from './arc-text.ts';
import { ContentBuilder } from './content-builder.ts';
import type { SealFont } from './seal-font.ts';
import { sealResources } from './seal-resources.ts';
import { PT_PER_MM, type RgbColor } from './seal-spec.ts';

// Proportions follow the 42 mm organisation seal of GA 241-2000 (border 1.2 mm, star 14 mm across,
// Song-style text) and scale with the seal; the oval follows common 45×30 mm finance seals.

export interface RingSealInput {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly orgName: string;
  readonly sealName: string;
  readonly code: string;
  readonly color: RgbColor;
  readonly star: boolean;
  readonly doubleRing: boolean;
}

const ORG_STYLE = { compression: 0.82, gap: 0.14, minCompression: 0.45 } as const;
const NAME_STYLE = { compression: 0.85, gap: 0.1, minCompression: 0.5 } as const;
const CODE_STYLE = { compression: 0.9, gap: 0.28, minCompression: 0.55 } as const;

/** Round (公章) and oval seals: a ring, the organisation on the upper arc, purpose line, code below. */
export function buildRingSeal(font: SealFont, input: RingSealInput): Appearance {
  const width = input.widthMm * PT_PER_MM;
  const height = input.heightMm * PT_PER_MM;
  const cx = width / 2;
  const cy = height / 2;
  // Sizes scale with the smaller axis: the 42 mm round seal and the 30 mm height of an oval.
  const size = Math.min(width, height);
  const round = input.widthMm === input.heightMm;
  const border = size * (round ? 1.2 / 42 : 1.0 / 30);
  const out = new ContentBuilder().op('q', '/GS0', 'gs').colors(input.color);

  // The stroke is centred on the path: keep its outer edge on the seal's edge.
  out
    .op(border, 'w')
    .ellipse(cx, cy, cx - border / 2, cy - border / 2)
    .op('S');
  let inset = border;
  if (input.doubleRing) {
    const thin = border * 0.35;
    const ringGap = border * 0.8;
    out
      .op(thin, 'w')
      .ellipse(cx, cy, cx - inset - ringGap - thin / 2, cy - inset - ringGap - thin / 2)
      .op('S');
    inset += ringGap + thin;
  }
  const margin = size * (0.6 / 42);
  const innerRx = cx - inset - margin;
  const innerRy = cy - inset - margin;

  const orgEm = size * (round ? 0.165 : 0.17);
  const orgPath = new EllipsePath(cx, cy, innerRx - orgEm / 2, innerRy - orgEm / 2);
  // Spans as arc angles on the text's own circle; short names are spread out as on real seals.
  const orgGlyphs = glyphsOf(font, input.orgName);
  const arc = (deg: number): number => arcLengthAround(orgPath, Math.PI / 2, (deg * Math.PI) / 180);
  drawArcText(
    out,
    font,
    orgPath,
    orgGlyphs,
    { emHeight: orgEm, ...ORG_STYLE },
    {
      side: 'upper',
      minSpan: orgGlyphs.length > 1 ? arc(Math.min(180, 36 * orgGlyphs.length)) : 0,
      maxSpan: arc(240),
      what: 'organisation name',
    },
  );

  const codeEm = size * (round ? 0.062 : 0.085);
  let bottomClear = innerRy; // distance from the centre down to the highest point of the bottom text
  if (input.code) {
    const codePath = new EllipsePath(cx, cy, innerRx - codeEm / 2, innerRy - codeEm / 2);
    drawArcText(
      out,
      font,
      codePath,
      glyphsOf(font, input.code),
      { emHeight: codeEm, ...CODE_STYLE },
      {
        side: 'lower',
        minSpan: 0,
        maxSpan: arcLengthAround(codePath, (3 * Math.PI) / 2, (100 * Math.PI) / 180),
        what: 'seal code',
      },
    );
    bottomClear = innerRy - codeEm - margin;
  }

  let starBottom = cy;
  if (input.star) {
    const starRadius = size * (7 / 42);
    out.star(cx, cy, starRadius).op('f');
    // The lowest points of a point-up star are at r·cos 36°.
    starBottom = cy - starRadius * Math.cos(Math.PI / 5);
  }

  if (input.sealName) {
    const nameEm = size * (round ? 0.11 : 0.15);
    const nameY = input.star
      ? starBottom - size * 0.03 - nameEm / 2
      : // Midway between the organisation arc's inner edge and the bottom text.
        cy + (innerRy - orgEm - bottomClear) / 2;
    const lowEdge = cy - nameY + nameEm / 2;
    const chordHalf = lowEdge < bottomClear ? innerRx * Math.sqrt(1 - (lowEdge / bottomClear) ** 2) : 0;
    drawLineText(
      out,
      font,
      glyphsOf(font, input.sealName),
      { emHeight: nameEm, ...NAME_STYLE },
      cx,
      nameY,
      Math.max(chordHalf * 2 - 2 * margin, nameEm),
      'seal name',
    );
  }
  out.op('Q');
  return { width, height, content: out.toBytes(), resources: sealResources() };
}

/** Length of the arc of `path` that spans `angle` radians of parameter, centred on parameter `centre`. */
function arcLengthAround(path: EllipsePath, centre: number, angle: number): number {
  const from = centre - angle / 2;
  const to = centre + angle / 2;
  const at = (t: number): number => path.lengthAt(((t % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI));
  const l = at(to) - at(from);
  return l >= 0 ? l : l + path.circumference;
}
