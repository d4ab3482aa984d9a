// PDF syntax for objects (ISO 32000-2 7.3). Deterministic: the same object always gives the same bytes.

import { ByteWriter } from './byte-writer.ts';
import { PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from './objects.ts';
import { PdfError } from './pdf-error.ts';

const HEX_DIGITS = '0123456789ABCDEF';

/** Regular characters that may stand unescaped in a name (7.3.5): '!'..'~' except delimiters and '#'. */
const NAME_PLAIN = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) NAME_PLAIN[c] = 1;
for (const c of '()<>[]{}/%#') NAME_PLAIN[c.charCodeAt(0)] = 0;

/** Serializes one object; a stream gets its /Length set to its data length. */
export function serializeObject(obj: PdfObject): Uint8Array {
  const w = new ByteWriter(256);
  writeObject(w, obj);
  return w.view().slice();
}

/** Appends `obj` to `w`. Only a top-level stream is allowed (7.3.8: streams are indirect objects). */
export function writeObject(w: ByteWriter, obj: PdfObject, depth = 0): void {
  if (depth > 512) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'object nested too deeply to serialize');
  if (obj === null) w.ascii('null');
  else if (obj === true) w.ascii('true');
  else if (obj === false) w.ascii('false');
  else if (typeof obj === 'number') w.ascii(formatNumber(obj));
  else if (obj instanceof PdfName) writeName(w, obj.name);
  else if (obj instanceof PdfRef) w.ascii(`${obj.num} ${obj.gen} R`);
  else if (obj instanceof PdfString) writeString(w, obj);
  else if (Array.isArray(obj)) {
    w.byte(0x5b);
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) w.byte(0x20);
      writeObject(w, obj[i]!, depth + 1);
    }
    w.byte(0x5d);
  } else if (obj instanceof PdfDict) writeDict(w, obj.map, depth);
  else if (obj instanceof PdfStream) {
    if (depth > 0) throw new PdfError('ERR_PDF_UNSUPPORTED', 'a stream must be an indirect object (7.3.8)');
    const map = new Map(obj.dict.map);
    map.set('Length', obj.data.length);
    writeDict(w, map, depth);
    w.ascii('\nstream\n');
    w.bytes(obj.data);
    w.ascii('\nendstream');
  } else throw new PdfError('ERR_PDF_UNSUPPORTED', 'not a PDF object');
}

function writeDict(w: ByteWriter, map: ReadonlyMap<string, PdfObject>, depth: number): void {
  w.ascii('<<');
  let first = true;
  for (const [k, v] of map) {
    if (!first) w.byte(0x20);
    first = false;
    writeName(w, k);
    w.byte(0x20);
    writeObject(w, v, depth + 1);
  }
  w.ascii('>>');
}

/** Numbers without exponent, at most 6 decimals, trailing zeros trimmed (7.3.3). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new PdfError('ERR_PDF_UNSUPPORTED', `cannot write the number ${n}`);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function writeName(w: ByteWriter, name: string): void {
  w.byte(0x2f);
  let bytes: Uint8Array | undefined;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0xff) {
      // Names built from text outside latin1 are written as their UTF-8 bytes (7.3.5 recommends UTF-8).
      bytes = Buffer.from(name, 'utf8');
      break;
    }
  }
  const n = bytes ? bytes.length : name.length;
  for (let i = 0; i < n; i++) {
    const c = bytes ? bytes[i]! : name.charCodeAt(i);
    if (NAME_PLAIN[c]) w.byte(c);
    else {
      if (c === 0) throw new PdfError('ERR_PDF_UNSUPPORTED', 'a name cannot contain a NUL byte (7.3.5)');
      w.byte(0x23);
      w.byte(HEX_DIGITS.charCodeAt(c >> 4));
      w.byte(HEX_DIGITS.charCodeAt(c & 15));
    }
  }
}

/** Literal strings escape only what 7.3.4.2 requires, plus CR/LF so EOL normalization cannot alter them. */
function writeString(w: ByteWriter, s: PdfString): void {
  const b = s.bytes;
  if (s.hex) {
    w.byte(0x3c);
    w.hex(b, HEX_DIGITS);
    w.byte(0x3e);
    return;
  }
  w.byte(0x28);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x28 || c === 0x29 || c === 0x5c) {
      w.byte(0x5c);
      w.byte(c);
    } else if (c === 0x0a) w.ascii('\\n');
    else if (c === 0x0d) w.ascii('\\r');
    else w.byte(c);
  }
  w.byte(0x29);
}
