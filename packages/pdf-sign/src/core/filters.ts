// Stream filters (ISO 32000-2 7.4). Output is always bounded, so a zip bomb costs at most maxOutput bytes.

import { constants, inflateSync } from 'node:zlib';
import { hexValue, isWhite } from './lexer.ts';
import { PdfDict, PdfName, type PdfObject, type PdfStream } from './objects.ts';
import { malformed, PdfError } from './pdf-error.ts';

export interface DecodeOptions {
  /** Maximum decoded size of any filter stage (default 64 MiB) → ERR_PDF_TOO_LARGE. */
  readonly maxOutput?: number;
  /** Stop before image codecs (DCT, JPX, JBIG2, CCITT) and return their still-encoded input instead of failing. */
  readonly raw?: boolean;
}

export const DEFAULT_MAX_DECODED = 64 * 1024 * 1024;

const IMAGE_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);

/** Decodes a stream's data through its /Filter chain. /Filter and /DecodeParms must be direct here. */
export function decodeStreamData(stream: PdfStream, options?: DecodeOptions): Uint8Array {
  const maxOutput = options?.maxOutput ?? DEFAULT_MAX_DECODED;
  const filterObj = stream.dict.get('Filter');
  const parmsObj = stream.dict.get('DecodeParms') ?? stream.dict.get('DP');
  const filters = filterObj === undefined ? [] : Array.isArray(filterObj) ? filterObj : [filterObj];
  const parms = Array.isArray(parmsObj) ? parmsObj : [parmsObj];
  let data = stream.data;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    if (!(f instanceof PdfName)) throw malformed('/Filter is not a name');
    const name = f.name;
    const p = parms[Array.isArray(parmsObj) ? i : 0];
    const parm = p instanceof PdfDict ? p : undefined;
    if (IMAGE_FILTERS.has(name)) {
      if (options?.raw) return data;
      throw new PdfError('ERR_PDF_UNSUPPORTED', `filter /${name} is not supported`);
    }
    switch (name) {
      case 'FlateDecode':
      case 'Fl':
        data = applyPredictor(inflateBounded(data, maxOutput), parm, maxOutput);
        break;
      case 'ASCIIHexDecode':
      case 'AHx':
        data = asciiHexDecode(data);
        break;
      case 'ASCII85Decode':
      case 'A85':
        data = ascii85Decode(data, maxOutput);
        break;
      default:
        throw new PdfError('ERR_PDF_UNSUPPORTED', `filter /${name} is not supported`);
    }
  }
  return data;
}

function inflateBounded(data: Uint8Array, maxOutput: number): Uint8Array {
  try {
    return inflateSync(data, { maxOutputLength: maxOutput });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new PdfError('ERR_PDF_TOO_LARGE', `decoded stream exceeds ${maxOutput} bytes`);
    }
    if (code === 'Z_BUF_ERROR') {
      // Truncated deflate data (common in the wild): keep what decodes, as other readers do.
      try {
        return inflateSync(data, { maxOutputLength: maxOutput, finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        /* fall through to the malformed error */
      }
    }
    throw malformed(`FlateDecode data is corrupt (${code ?? 'error'})`);
  }
}

const intParam = (d: PdfDict | undefined, key: string, dflt: number): number => {
  const v: PdfObject | undefined = d?.get(key);
  return typeof v === 'number' && Number.isInteger(v) ? v : dflt;
};

/** 7.4.4.4: PNG (10-15) and TIFF 2 predictors. */
function applyPredictor(data: Uint8Array, parms: PdfDict | undefined, maxOutput: number): Uint8Array {
  const predictor = intParam(parms, 'Predictor', 1);
  if (predictor === 1) return data;
  const colors = intParam(parms, 'Colors', 1);
  const bpc = intParam(parms, 'BitsPerComponent', 8);
  const columns = intParam(parms, 'Columns', 1);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 24) {
    throw malformed('invalid predictor parameters');
  }
  const bpp = Math.max(1, (colors * bpc) >> 3);
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw new PdfError('ERR_PDF_UNSUPPORTED', `TIFF predictor with ${bpc} bits per component`);
    const out = Uint8Array.from(data);
    for (let row = 0; row + rowLen <= out.length; row += rowLen) {
      for (let i = bpp; i < rowLen; i++) out[row + i] = (out[row + i]! + out[row + i - bpp]!) & 0xff;
    }
    return out;
  }
  if (predictor < 10 || predictor > 15) throw new PdfError('ERR_PDF_UNSUPPORTED', `predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowLen + 1));
  if (rows * rowLen > maxOutput)
    throw new PdfError('ERR_PDF_TOO_LARGE', `decoded stream exceeds ${maxOutput} bytes`);
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const src = r * (rowLen + 1);
    const type = data[src]!;
    const dst = r * rowLen;
    const prev = dst - rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + 1 + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[prev + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[prev + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + left;
          break;
        case 2:
          v = raw + up;
          break;
        case 3:
          v = raw + ((left + up) >> 1);
          break;
        case 4: {
          const pa = Math.abs(up - upLeft);
          const pb = Math.abs(left - upLeft);
          const pc = Math.abs(left + up - 2 * upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw malformed(`invalid PNG row filter ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** 7.4.2 */
function asciiHexDecode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((data.length >> 1) + 1);
  let len = 0;
  let hi = -1;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x3e) break;
    if (isWhite(c)) continue;
    const v = hexValue(c);
    if (v < 0) throw malformed('invalid ASCIIHexDecode data');
    if (hi < 0) hi = v;
    else {
      out[len++] = (hi << 4) | v;
      hi = -1;
    }
  }
  if (hi >= 0) out[len++] = hi << 4;
  return out.slice(0, len);
}

/** 7.4.3 */
function ascii85Decode(data: Uint8Array, maxOutput: number): Uint8Array {
  let i = 0;
  if (data[0] === 0x3c && data[1] === 0x7e) i = 2; // optional "<~"
  // Each 'z' expands 1 byte to 4, so the output is at most 4x the input.
  const cap = Math.min(data.length * 4 + 4, maxOutput + 4);
  const out = new Uint8Array(cap);
  let len = 0;
  const group: number[] = [];
  const flush = (n: number): void => {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (group[k] ?? 84);
    if (v > 0xffffffff) throw malformed('invalid ASCII85Decode group');
    const bytes = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    for (let k = 0; k < n - 1; k++) {
      if (len >= maxOutput)
        throw new PdfError('ERR_PDF_TOO_LARGE', `decoded stream exceeds ${maxOutput} bytes`);
      out[len++] = bytes[k]!;
    }
    group.length = 0;
  };
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7e) break; // "~>"
    if (isWhite(c)) continue;
    if (c === 0x7a && group.length === 0) {
      group.push(0, 0, 0, 0, 0);
      flush(5);
      continue;
    }
    if (c < 0x21 || c > 0x75) throw malformed('invalid ASCII85Decode data');
    group.push(c - 0x21);
    if (group.length === 5) flush(5);
  }
  if (group.length === 1) throw malformed('invalid ASCII85Decode final group');
  if (group.length > 0) flush(group.length);
  return out.slice(0, len);
}
