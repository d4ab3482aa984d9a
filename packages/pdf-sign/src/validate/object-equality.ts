// Value equality of PDF objects, used to accept an object rewritten unchanged in a later revision
// (ISO 32000-2 7.5.6 allows redefining an object; only a different value is a modification).

import { PdfDict, type PdfObject, PdfRef, PdfStream, PdfString } from '../core/objects.ts';

export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && sameBytes(a.bytes, b.bytes);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameObject(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && sameDict(a.dict, b.dict) && sameBytes(a.data, b.data);
  }
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b);
  return false; // numbers, booleans and interned names are equal only when identical
}

function sameDict(a: PdfDict, b: PdfDict): boolean {
  if (a.map.size !== b.map.size) return false;
  for (const [k, v] of a.map) if (!sameObject(v, b.map.get(k))) return false;
  return true;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
