import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PngFormatError, pngPdfImage, pngSize } from '../index.ts';

/** A 4×2 PNG: red on the left half, blue on the right; the last pixel's alpha is `lastAlpha`. */
function samplePng(lastAlpha: number): Buffer {
  const png = new PNG({ width: 4, height: 2 });
  for (let i = 0; i < 8; i++) {
    const left = i % 4 < 2;
    png.data.set([left ? 200 : 10, 20, left ? 30 : 220, i === 7 ? lastAlpha : 255], 4 * i);
  }
  return PNG.sync.write(png);
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PngFormatError);
    if (e instanceof PngFormatError) return e.code;
  }
  throw new Error('expected a PngFormatError');
};

describe('pngPdfImage', () => {
  it('gives an opaque PNG as one FlateDecode DeviceRGB image of its samples, rows top to bottom', () => {
    const image = pngPdfImage(samplePng(255));
    expect([image.width, image.height]).toEqual([4, 2]);
    expect(image.smask).toBeUndefined();
    expect(image.image.entries).toEqual([
      ['Type', '/XObject'],
      ['Subtype', '/Image'],
      ['Width', 4],
      ['Height', 2],
      ['ColorSpace', '/DeviceRGB'],
      ['BitsPerComponent', 8],
      ['Filter', '/FlateDecode'],
    ]);
    const rgb = inflateSync(image.image.data);
    expect([...rgb.subarray(0, 6)]).toEqual([200, 20, 30, 200, 20, 30]);
    expect([...rgb.subarray(6, 12)]).toEqual([10, 20, 220, 10, 20, 220]);
    expect(rgb.length).toBe(4 * 2 * 3);
  });

  it('adds the alpha as a DeviceGray soft mask when a pixel is not opaque', () => {
    const image = pngPdfImage(samplePng(0));
    expect(image.smask?.entries).toContainEqual(['ColorSpace', '/DeviceGray']);
    expect([...inflateSync(image.smask!.data)]).toEqual([255, 255, 255, 255, 255, 255, 255, 0]);
  });

  it('compresses at the level asked for', () => {
    const big = new PNG({ width: 120, height: 120 });
    for (let i = 0; i < big.data.length; i++) big.data[i] = (i * 7919) % 251 < 128 ? 255 : (i % 97) + 60;
    const bytes = PNG.sync.write(big);
    const fast = pngPdfImage(bytes, { deflateLevel: 1 }).image.data;
    const best = pngPdfImage(bytes, { deflateLevel: 9 }).image.data;
    expect(inflateSync(fast)).toEqual(inflateSync(best));
    expect(fast.length).not.toBe(best.length);
  });

  it('checks the size and the header before decoding, so a huge declared image is refused at once', () => {
    const bytes = samplePng(255);
    const limits = { maxBytes: 10_000, maxPixelsPerSide: 3 };
    expect(codeOf(() => pngPdfImage(bytes, { limits }))).toBe('ERR_PNG_TOO_LARGE');
    expect(codeOf(() => pngPdfImage(bytes, { limits: { ...limits, maxBytes: 10 } }))).toBe(
      'ERR_PNG_TOO_LARGE',
    );
    // IHDR declaring 100,000 × 100,000 px (40 GB of RGBA) in a file of a few bytes.
    const claim = Buffer.from(bytes);
    claim.writeUInt32BE(100_000, 16);
    claim.writeUInt32BE(100_000, 20);
    expect(pngSize(claim)).toEqual({ width: 100_000, height: 100_000 });
    expect(codeOf(() => pngPdfImage(claim, { limits: { maxBytes: 10_000, maxPixelsPerSide: 4000 } }))).toBe(
      'ERR_PNG_TOO_LARGE',
    );
  });

  it('names a file that is not a PNG, and a PNG whose checksum is wrong', () => {
    expect(codeOf(() => pngPdfImage(new TextEncoder().encode('GIF89a, not a PNG at all, not at all')))).toBe(
      'ERR_PNG_NOT_PNG',
    );
    const corrupt = Buffer.from(samplePng(255));
    corrupt[29] = corrupt[29]! ^ 0xff; // a byte of the IHDR's CRC
    expect(codeOf(() => pngPdfImage(corrupt))).toBe('ERR_PNG_MALFORMED');
  });
});
