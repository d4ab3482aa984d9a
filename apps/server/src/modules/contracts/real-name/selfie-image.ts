// The photo a face step sends: it must really be the JPEG or PNG it says it is, of a size a face check
// can use, before any provider sees it. Pure: bytes in, facts or a refusal out; nothing is kept.
import { createHash } from 'node:crypto';
import { MAX_FACE_IMAGE_BYTES } from '@openseal/contract';
import { AppError } from '../../../errors.ts';

/** Smaller than this on either side holds no usable face (vendors ask for far more). */
export const MIN_FACE_IMAGE_SIDE = 64;
/** Larger than this on either side is no camera frame. */
export const MAX_FACE_IMAGE_SIDE = 10_000;

export type SelfieMediaType = 'image/jpeg' | 'image/png';

export interface Selfie {
  bytes: Uint8Array;
  mediaType: SelfieMediaType;
  width: number;
  height: number;
  /** What the identity record keeps of it. */
  sha256: string;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG (ISO/IEC 15948 5.2, 11.2.2): the signature, then IHDR first with width and height. */
function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 24 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return undefined;
  if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** JPEG (ITU T.81 B.1): SOI, then marker segments up to a frame header (SOFn) carrying the size. */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return undefined;
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // stand-alone markers carry no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan or end before any frame header
    const length = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 8 >= b.length) return undefined;
      const height = ((b[i + 5] as number) << 8) | (b[i + 6] as number);
      const width = ((b[i + 7] as number) << 8) | (b[i + 8] as number);
      return { width, height };
    }
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

/** The photo of a face step, or ERR_IDENTITY_FACE_IMAGE saying why it is not one (base64 as sent). */
export function readSelfie(face: { mediaType: SelfieMediaType; image: string }): Selfie {
  const refuse = (why: string): never => {
    throw new AppError('ERR_IDENTITY_FACE_IMAGE', why, ['face']);
  };
  const bytes = new Uint8Array(Buffer.from(face.image, 'base64'));
  if (bytes.length > MAX_FACE_IMAGE_BYTES)
    refuse(`the photo is ${bytes.length} bytes, more than ${MAX_FACE_IMAGE_BYTES}`);
  const size = face.mediaType === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return refuse(`the photo is not a ${face.mediaType === 'image/png' ? 'PNG' : 'JPEG'} image`);
  const { width, height } = size;
  if (Math.min(width, height) < MIN_FACE_IMAGE_SIDE)
    refuse(`the photo is ${width}×${height} pixels, less than ${MIN_FACE_IMAGE_SIDE} on a side`);
  if (Math.max(width, height) > MAX_FACE_IMAGE_SIDE)
    refuse(`the photo is ${width}×${height} pixels, more than ${MAX_FACE_IMAGE_SIDE} on a side`);
  return {
    bytes,
    mediaType: face.mediaType,
    width,
    height,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
