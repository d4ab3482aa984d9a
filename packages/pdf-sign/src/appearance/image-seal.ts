import {
  errorMessage,
  type ImageStream,
  PngFormatError,
  type PngPdfImage,
  pngPdfImage,
} from '@openseal/common';
import { Resvg } from '@resvg/resvg-js';
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
  const { image, pixels } = imageXObject(input.png ?? rasteriseSvg(input.svg!, input.widthMm));
  const width = input.widthMm * PT_PER_MM;
  const height = (input.heightMm ?? (input.widthMm * pixels.height) / pixels.width) * PT_PER_MM;
  const content = new ContentBuilder()
    .op('q', '/GS0', 'gs')
    .op(width, 0, 0, height, 0, 0, 'cm')
    .op('/Im0', 'Do', 'Q')
    .toBytes();
  return { width, height, content, resources: sealResources(new PdfDict([['Im0', image]])) };
}

/** The PNG as an image XObject with its alpha as /SMask, and its size in pixels. */
function imageXObject(png: Uint8Array): { image: PdfStream; pixels: { width: number; height: number } } {
  let image: PngPdfImage;
  try {
    image = pngPdfImage(png, {
      limits: { maxBytes: MAX_IMAGE_BYTES, maxPixelsPerSide: MAX_IMAGE_PIXELS_PER_SIDE },
    });
  } catch (e) {
    if (e instanceof PngFormatError) throw invalid(`The seal image is ${e.message}.`, e);
    throw e;
  }
  const stream = ({ entries, data }: ImageStream, smask?: PdfStream): PdfStream =>
    new PdfStream(
      new PdfDict([
        ...entries.map(([key, value]): [string, number | PdfName] => [
          key,
          typeof value === 'number' ? value : PdfName.of(value.slice(1)),
        ]),
        ['Length', data.length],
        ...(smask ? [['SMask', smask] as [string, PdfStream]] : []),
      ]),
      data,
    );
  return {
    image: stream(image.image, image.smask && stream(image.smask)),
    pixels: { width: image.width, height: image.height },
  };
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
    throw invalid(`The seal SVG cannot be rendered: ${errorMessage(e)}`, e);
  }
}
