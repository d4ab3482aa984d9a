import { type ImageStream, PngFormatError, type PngPdfImage, pngPdfImage } from '@openseal/common';
import type { PreparedStream } from './pdf-writer.ts';
import { TemplateError } from './template-error.ts';

// Images from data URLs, turned into PDF image XObjects once (per compiled template for static
// images): JPEG passes through as DCTDecode, PNG is decoded to FlateDecode RGB plus an SMask alpha.

export interface PreparedImage {
  image: PreparedStream;
  /** The soft mask's stream; the image dict refers to it as `/SMask {SMASK} 0 R` (patched on write). */
  smask: PreparedStream | undefined;
}

export const SMASK_REF = '{SMASK}';

export function prepareImage(dataUrl: string, field: string): PreparedImage {
  const match = /^data:(image\/(?:png|jpeg|jpg));base64,([A-Za-z0-9+/=\s]*)$/.exec(dataUrl);
  if (!match) {
    throw new TemplateError(
      'ERR_TEMPLATE_INPUT',
      `Field "${field}": an image must be a base64 PNG or JPEG data URL.`,
    );
  }
  const bytes = Buffer.from(match[2]!, 'base64');
  return match[1] === 'image/png' ? preparePng(bytes, field) : prepareJpeg(bytes, field);
}

function prepareJpeg(bytes: Uint8Array, field: string): PreparedImage {
  // Find the SOFn marker for size and component count (ITU-T T.81 B.2.2).
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  let p = 2;
  while (isJpeg && p + 9 < bytes.length && bytes[p] === 0xff) {
    const marker = bytes[p + 1]!;
    const length = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[p + 5]! << 8) | bytes[p + 6]!;
      const width = (bytes[p + 7]! << 8) | bytes[p + 8]!;
      const components = bytes[p + 9]!;
      const space = components === 1 ? '/DeviceGray' : components === 4 ? '/DeviceCMYK' : '/DeviceRGB';
      const decode = components === 4 ? '/Decode[1 0 1 0 1 0 1 0]' : '';
      return {
        image: {
          dict: `/Type/XObject/Subtype/Image/Width ${width}/Height ${height}/ColorSpace${space}/BitsPerComponent 8${decode}/Filter/DCTDecode`,
          data: bytes,
        },
        smask: undefined,
      };
    }
    p += 2 + length;
  }
  throw new TemplateError('ERR_TEMPLATE_INPUT', `Field "${field}": the JPEG image is malformed.`);
}

function preparePng(bytes: Buffer, field: string): PreparedImage {
  let png: PngPdfImage;
  try {
    // Level 1 like every other stream of a rendered document (pdf-writer.ts `deflate`).
    png = pngPdfImage(bytes, { deflateLevel: 1 });
  } catch (e) {
    if (e instanceof PngFormatError)
      throw new TemplateError('ERR_TEMPLATE_INPUT', `Field "${field}": the image is ${e.message}.`);
    throw e;
  }
  const prepared = ({ entries, data }: ImageStream, smask: string): PreparedStream => ({
    dict:
      entries.map(([key, value]) => `/${key}${typeof value === 'number' ? ` ${value}` : value}`).join('') +
      smask,
    data,
  });
  return {
    image: prepared(png.image, png.smask ? `/SMask ${SMASK_REF} 0 R` : ''),
    smask: png.smask && prepared(png.smask, ''),
  };
}
