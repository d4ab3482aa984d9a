import { deflateSync } from 'node:zlib';
import { decodePng, type PngLimits } from './png-decode.ts';

/** A value in an image dictionary: a number, or a name written with its slash (`/DeviceRGB`). */
export type ImageDictValue = number | `/${string}`;

/** An image XObject's dictionary entries (without /Length and /SMask, which the writer adds) and its compressed samples. */
export interface ImageStream {
  readonly entries: readonly (readonly [key: string, value: ImageDictValue])[];
  readonly data: Uint8Array;
}

/** A PNG as PDF images: 8-bit RGB, and its alpha as a DeviceGray soft mask when any pixel is not opaque. */
export interface PngPdfImage {
  readonly width: number;
  readonly height: number;
  readonly image: ImageStream;
  readonly smask?: ImageStream;
}

export interface PngPdfImageOptions {
  /** Checked before decoding; see `decodePng`. */
  readonly limits?: PngLimits;
  /** zlib level for the samples (default zlib's own, 6). */
  readonly deflateLevel?: number;
}

/** PNG bytes to image XObject streams. Throws PngFormatError. */
export function pngPdfImage(bytes: Uint8Array, options: PngPdfImageOptions = {}): PngPdfImage {
  const png = decodePng(bytes, options.limits);
  const samples = (data: Uint8Array, colorSpace: ImageDictValue): ImageStream => ({
    // ISO 32000-2 8.9.5: an image XObject; 8.9.6.3: /SMask is itself a DeviceGray image.
    entries: [
      ['Type', '/XObject'],
      ['Subtype', '/Image'],
      ['Width', png.width],
      ['Height', png.height],
      ['ColorSpace', colorSpace],
      ['BitsPerComponent', 8],
      ['Filter', '/FlateDecode'],
    ],
    data: deflateSync(data, options.deflateLevel === undefined ? {} : { level: options.deflateLevel }),
  });
  return {
    width: png.width,
    height: png.height,
    image: samples(png.rgb, '/DeviceRGB'),
    ...(png.alpha ? { smask: samples(png.alpha, '/DeviceGray') } : {}),
  };
}
