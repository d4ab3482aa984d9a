import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PdfDict, PdfName, PdfStream } from '../core/objects.ts';
import { AppearanceError } from './appearance-error.ts';
import type { Matrix } from './content-builder.ts';
import { buildImageSeal } from './image-seal.ts';
import { buildNameSignature } from './name-signature.ts';
import { buildRingSeal } from './ring-seal.ts';
import { sealFont } from './seal-font.ts';
import { INK_BLUE, type RgbColor, SEAL_RED, type SealSpec } from './seal-spec.ts';
import { buildSquareSeal } from './square-seal.ts';

export interface Appearance {
  /** Points (1 mm = 72/25.4 pt). */
  readonly width: number;
  readonly height: number;
  /** Content stream operators drawing in [0,width]×[0,height]. */
  readonly content: Uint8Array;
  /** /ExtGState (Multiply blend) and, for image seals, /XObject with the image streams inline. */
  readonly resources: PdfDict;
}

/** Enough for every seal an organisation uses; bounded so a long-running server cannot grow without end. */
const MEMO_LIMIT = 256;
const memo = new Map<string, Appearance>();

/**
 * The seal's appearance, deterministic for a given spec and built once per spec (a batch of thousands
 * of documents draws each seal once). Throws AppearanceError: ERR_SEAL_SPEC_INVALID,
 * ERR_SEAL_TEXT_UNSUPPORTED (a character missing from the font, text too long), ERR_SEAL_IMAGE_INVALID.
 */
export function buildSealAppearance(spec: SealSpec): Appearance {
  const key = memoKey(spec);
  let app = memo.get(key);
  if (!app) {
    app = build(spec);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(key, app);
  }
  return app;
}

function memoKey(spec: SealSpec): string {
  if (spec.kind !== 'image') return JSON.stringify(spec);
  // Hash the image rather than serialise megabytes of PNG into a key.
  const h = createHash('sha256');
  if (spec.png) h.update('png').update(spec.png);
  if (spec.svg !== undefined) h.update('svg').update(spec.svg);
  return JSON.stringify(['image', h.digest('hex'), spec.widthMm, spec.heightMm ?? null]);
}

function build(spec: SealSpec): Appearance {
  switch (spec.kind) {
    case 'round': {
      const d = size(spec.diameterMm ?? 42, 'diameterMm');
      return buildRingSeal(sealFont(), {
        widthMm: d,
        heightMm: d,
        orgName: text(spec.orgName, 'orgName', 40),
        sealName: optionalText(spec.sealName, 'sealName'),
        code: optionalText(spec.code, 'code'),
        color: color(spec.color),
        star: true,
        doubleRing: false,
      });
    }
    case 'oval':
      return buildRingSeal(sealFont(), {
        widthMm: size(spec.widthMm ?? 45, 'widthMm'),
        heightMm: size(spec.heightMm ?? 30, 'heightMm'),
        orgName: text(spec.orgName, 'orgName', 40),
        sealName: optionalText(spec.sealName, 'sealName'),
        code: optionalText(spec.code, 'code'),
        color: color(spec.color),
        star: false,
        doubleRing: spec.doubleRing ?? false,
      });
    case 'square':
      return buildSquareSeal(sealFont(), {
        sizeMm: size(spec.sizeMm ?? 20, 'sizeMm'),
        personName: text(spec.personName, 'personName', 6),
        suffix: spec.suffix === undefined ? undefined : spec.suffix.trim(),
        color: color(spec.color),
      });
    case 'name':
      return buildNameSignature(sealFont(), {
        name: text(spec.name, 'name', 40),
        heightMm: size(spec.heightMm ?? 7, 'heightMm', 2),
        color: spec.color ? color(spec.color) : INK_BLUE,
        line: spec.line ?? true,
      });
    case 'image':
      return buildImageSeal({
        ...(spec.png ? { png: spec.png } : {}),
        ...(spec.svg !== undefined ? { svg: spec.svg } : {}),
        widthMm: size(spec.widthMm, 'widthMm'),
        ...(spec.heightMm !== undefined ? { heightMm: size(spec.heightMm, 'heightMm') } : {}),
      });
    default:
      throw new AppearanceError(
        'ERR_SEAL_SPEC_INVALID',
        `Unknown seal kind ${JSON.stringify((spec as { kind: unknown }).kind)}.`,
      );
  }
}

const specError = (message: string): AppearanceError => new AppearanceError('ERR_SEAL_SPEC_INVALID', message);

function size(mm: number, field: string, least = 5): number {
  if (!Number.isFinite(mm) || mm < least || mm > 300)
    throw specError(`${field} must be between ${least} and 300 mm, got ${mm}.`);
  return mm;
}

function text(value: string, field: string, maxChars: number): string {
  const t = typeof value === 'string' ? value.trim() : '';
  if (!t) throw specError(`${field} must not be empty.`);
  if (Array.from(t).length > maxChars) throw specError(`${field} is longer than ${maxChars} characters.`);
  return t;
}

function optionalText(value: string | undefined, field: string): string {
  return value === undefined || value.trim() === '' ? '' : text(value, field, 40);
}

function color(c: RgbColor | undefined): RgbColor {
  if (c === undefined) return SEAL_RED;
  if (c.length !== 3 || !c.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
    throw specError('color must be three numbers between 0 and 1.');
  }
  return c;
}

const streams = new WeakMap<Appearance, Map<string, PdfStream>>();

/**
 * The appearance as a form XObject (ISO 32000-2 8.10), FlateDecode-compressed, built once per
 * appearance and matrix. `matrix` is the form's /Matrix, as widgetRect returns it for rotated pages.
 */
export function appearanceStream(app: Appearance, matrix?: Matrix): PdfStream {
  let perMatrix = streams.get(app);
  if (!perMatrix) {
    perMatrix = new Map();
    streams.set(app, perMatrix);
  }
  const key = matrix ? matrix.join(' ') : '';
  let stream = perMatrix.get(key);
  if (!stream) {
    const data = deflateSync(app.content);
    const dict = new PdfDict([
      ['Type', PdfName.of('XObject')],
      ['Subtype', PdfName.of('Form')],
      ['BBox', [0, 0, round3(app.width), round3(app.height)]],
      ['Resources', app.resources],
      ['Filter', PdfName.of('FlateDecode')],
      ['Length', data.length],
    ]);
    if (matrix) dict.set('Matrix', [...matrix]);
    stream = new PdfStream(dict, data);
    perMatrix.set(key, stream);
  }
  return stream;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
