import { PNG } from 'pngjs';
import { errorMessage } from '../errors.ts';
import { PngFormatError } from './png-error.ts';

/** Bounds checked on the PNG's bytes and its IHDR before any pixel is decoded. */
export interface PngLimits {
  readonly maxBytes: number;
  readonly maxPixelsPerSide: number;
}

/** 8-bit samples, rows top to bottom. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
  /** Undefined when every pixel is opaque. */
  readonly alpha?: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR; throws PngFormatError ERR_PNG_NOT_PNG when the file does not start as a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // PNG (ISO/IEC 15948) 5.2, 11.2.2: the signature, then IHDR first with width and height.
  if (
    buf.length < 33 ||
    !buf.subarray(0, 8).equals(PNG_SIGNATURE) ||
    buf.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw new PngFormatError('ERR_PNG_NOT_PNG', 'not a PNG file');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Decodes any PNG colour type and depth to 8-bit RGB plus alpha. With limits, the size and the IHDR
 * are checked first, so a hostile header cannot make the decoder allocate gigabytes.
 */
export function decodePng(bytes: Uint8Array, limits?: PngLimits): DecodedPng {
  if (limits && bytes.length > limits.maxBytes) {
    throw new PngFormatError(
      'ERR_PNG_TOO_LARGE',
      `${bytes.length} bytes; at most ${limits.maxBytes} are accepted`,
    );
  }
  const { width: w, height: h } = pngSize(bytes);
  if (limits && (w === 0 || h === 0 || w > limits.maxPixelsPerSide || h > limits.maxPixelsPerSide)) {
    throw new PngFormatError(
      'ERR_PNG_TOO_LARGE',
      `${w}×${h} px; each side must be 1..${limits.maxPixelsPerSide} px`,
    );
  }
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      checkCRC: true,
    });
  } catch (e) {
    throw new PngFormatError('ERR_PNG_MALFORMED', `a malformed PNG (${errorMessage(e)})`, { cause: e });
  }
  // pngjs always yields 8-bit RGBA, whatever the stored colour type and depth.
  const { width, height, data } = decoded;
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const alpha = new Uint8Array(n);
  let translucent = false;
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = data[4 * i]!;
    rgb[3 * i + 1] = data[4 * i + 1]!;
    rgb[3 * i + 2] = data[4 * i + 2]!;
    const a = data[4 * i + 3]!;
    alpha[i] = a;
    if (a !== 255) translucent = true;
  }
  return { width, height, rgb, ...(translucent ? { alpha } : {}) };
}
