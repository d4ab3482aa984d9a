import { deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { PdfDict, PdfName, PdfStream } from '../core/objects.ts';
import type { Appearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';
import { ContentBuilder } from './content-builder.ts';
import { sealResources } from './seal-resources.ts';
import { PT_PER_MM } from './seal-spec.ts';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_PIXELS_PER_SIDE = 4000;
/** SVG seals are rasterised at 12 px/mm (≈ 305 dpi), print quality for a seal. */
const SVG_PX_PER_MM = 12;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface ImageSealInput {
  readonly png?: Uint8Array;
  readonly svg?: string;
  readonly widthMm: number;
  readonly heightMm?: number;
}

const invalid = (message: string, cause?: unknown): AppearanceError =>
  new AppearanceError('ERR_SEAL_IMAGE_INVALID', message, cause === undefined ? undefined : { cause });

/** A seal from a scanned PNG or a designed SVG, drawn as an 8-bit RGB image with its alpha as /SMask. */
export function buildImageSeal(input: ImageSealInput): Appearance {
  if ((input.png === undefined) === (input.svg === undefined)) {
    throw new AppearanceError('ERR_SEAL_SPEC_INVALID', 'An image seal needs exactly one of png or svg.');
  }
  const png = input.png ?? rasteriseSvg(input.svg!, input.widthMm);
  const image = decodePng(png);
  const width = input.widthMm * PT_PER_MM;
  const height = (input.heightMm ?? (input.widthMm * image.height) / image.width) * PT_PER_MM;
  const content = new ContentBuilder()
    .op('q', '/GS0', 'gs')
    .op(width, 0, 0, height, 0, 0, 'cm')
    .op('/Im0', 'Do', 'Q')
    .toBytes();
  return { width, height, content, resources: sealResources(new PdfDict([['Im0', imageXObject(image)]])) };
}

interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
  /** Undefined when every pixel is opaque. */
  readonly alpha?: Uint8Array;
}

function decodePng(bytes: Uint8Array): DecodedImage {
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw invalid(`The seal image is ${bytes.length} bytes; at most ${MAX_IMAGE_BYTES} are accepted.`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG (ISO 15948) 5.2/11.2.2: signature, then IHDR first with width and height; check them before
  // decoding so a hostile header cannot make us allocate gigabytes.
  if (
    buf.length < 33 ||
    !buf.subarray(0, 8).equals(PNG_SIGNATURE) ||
    buf.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw invalid('The seal image is not a PNG file.');
  }
  const w = buf.readUInt32BE(16);
  const h = buf.readUInt32BE(20);
  if (w === 0 || h === 0 || w > MAX_IMAGE_PIXELS_PER_SIDE || h > MAX_IMAGE_PIXELS_PER_SIDE) {
    throw invalid(`The seal image is ${w}×${h} px; each side must be 1..${MAX_IMAGE_PIXELS_PER_SIDE} px.`);
  }
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(buf, { checkCRC: true });
  } catch (e) {
    throw invalid(`The seal image is a malformed PNG: ${(e as Error).message}`, e);
  }
  // pngjs always yields 8-bit RGBA, whatever the stored colour type and depth.
  const n = decoded.width * decoded.height;
  const rgb = new Uint8Array(n * 3);
  const alpha = new Uint8Array(n);
  let translucent = false;
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = decoded.data[4 * i]!;
    rgb[3 * i + 1] = decoded.data[4 * i + 1]!;
    rgb[3 * i + 2] = decoded.data[4 * i + 2]!;
    const a = decoded.data[4 * i + 3]!;
    alpha[i] = a;
    if (a !== 255) translucent = true;
  }
  return { width: decoded.width, height: decoded.height, rgb, ...(translucent ? { alpha } : {}) };
}

function imageXObject(img: DecodedImage): PdfStream {
  const samples = (data: Uint8Array, colorSpace: string, extra: [string, PdfStream][] = []): PdfStream => {
    const encoded = deflateSync(data);
    // ISO 32000-2 8.9.5: an image XObject; 8.9.6.3 /SMask is itself a DeviceGray image.
    return new PdfStream(
      new PdfDict([
        ['Type', PdfName.of('XObject')],
        ['Subtype', PdfName.of('Image')],
        ['Width', img.width],
        ['Height', img.height],
        ['ColorSpace', PdfName.of(colorSpace)],
        ['BitsPerComponent', 8],
        ['Filter', PdfName.of('FlateDecode')],
        ['Length', encoded.length],
        ...extra,
      ]),
      encoded,
    );
  };
  return samples(img.rgb, 'DeviceRGB', img.alpha ? [['SMask', samples(img.alpha, 'DeviceGray')]] : []);
}

// Anything that makes a renderer fetch a file or URL: href/xlink:href other than a fragment or data:
// URI, CSS url() other than a fragment, @import, and DOCTYPE/ENTITY declarations (XXE).
const EXTERNAL_HREF = /\bhref\s*=\s*["']\s*(?!#|data:)[^"']/i;
const EXTERNAL_URL = /url\(\s*["']?\s*(?!#|data:)/i;
const DECLARATIONS = /<!DOCTYPE|<!ENTITY|@import/i;

function rasteriseSvg(svg: string, widthMm: number): Uint8Array {
  if (Buffer.byteLength(svg) > MAX_IMAGE_BYTES)
    throw invalid(`The seal SVG is larger than ${MAX_IMAGE_BYTES} bytes.`);
  if (EXTERNAL_HREF.test(svg) || EXTERNAL_URL.test(svg) || DECLARATIONS.test(svg)) {
    throw invalid(
      'The seal SVG refers to external resources (href, url(), @import or DOCTYPE); embed everything.',
    );
  }
  const px = Math.round(widthMm * SVG_PX_PER_MM);
  if (px > MAX_IMAGE_PIXELS_PER_SIDE)
    throw invalid(`An SVG seal ${widthMm} mm wide is too large to rasterise.`);
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: px },
      font: { loadSystemFonts: false },
      logLevel: 'off',
    });
    if (resvg.imagesToResolve().length > 0) throw invalid('The seal SVG refers to external images.');
    return resvg.render().asPng();
  } catch (e) {
    if (e instanceof AppearanceError) throw e;
    throw invalid(`The seal SVG cannot be rendered: ${(e as Error).message}`, e);
  }
}
