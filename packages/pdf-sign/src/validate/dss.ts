// The Document Security Store (ISO 32000-2 12.8.4.3; ETSI EN 319 142-1 5.4.2): certificates, OCSP
// responses and CRLs added for long-term validation. Read from the newest revision; every stream counts.

import type { PdfDocument } from '../core/document.ts';
import { type PdfObject, PdfRef, PdfStream, PdfString } from '../core/objects.ts';

export interface ValidationData {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

/** Hostile-document guard: more entries than any DSS needs are ignored. */
const MAX_ENTRIES = 10_000;

export function readDss(view: PdfDocument): ValidationData {
  const out: ValidationData = { certs: [], ocsps: [], crls: [] };
  const dss = view.resolveDict(view.catalog().get('DSS'));
  if (!dss) return out;
  const seen = new Set<PdfStream>();
  const take = (value: PdfObject | undefined, into: Uint8Array[]) => {
    const arr = view.resolve(value);
    if (!Array.isArray(arr)) return;
    for (const item of arr.slice(0, MAX_ENTRIES)) {
      const s = view.resolve(item);
      if (!(s instanceof PdfStream) || seen.has(s)) continue;
      seen.add(s);
      try {
        into.push(view.decodeStream(s));
      } catch {
        // An unreadable stream is no validation data; the signature is judged without it.
      }
    }
  };
  take(dss.get('Certs'), out.certs);
  take(dss.get('OCSPs'), out.ocsps);
  take(dss.get('CRLs'), out.crls);
  const vri = view.resolveDict(dss.get('VRI'));
  for (const entry of [...(vri?.map.values() ?? [])].slice(0, MAX_ENTRIES)) {
    const d = view.resolveDict(entry);
    take(d?.get('Cert'), out.certs);
    take(d?.get('OCSP'), out.ocsps);
    take(d?.get('CRL'), out.crls);
  }
  return out;
}

/** What the /DSS holds: its objects on the standard paths, and anything else it points at. */
export interface DssStructure {
  /** Object numbers of the DSS, its arrays, VRI dictionaries and validation data streams. */
  objects: Set<number>;
  /** Entries off the standard paths, in plain words ("/DSS /Pages"), with the object they lead to. */
  foreign: { where: string; num?: number }[];
}

// ISO 32000-2 12.8.4.3, Tables 260 and 261: the only keys a DSS and a VRI dictionary have.
const DSS_ARRAYS = ['Certs', 'OCSPs', 'CRLs'] as const;
const VRI_ARRAYS = ['Cert', 'OCSP', 'CRL'] as const;

/**
 * Walks the /DSS of `view` along its standard keys only. Validation data is a stream of bytes; anything
 * else reachable from the DSS (a page, the page tree, an action…) is listed as foreign, so a later
 * revision cannot pass off changes to it as validation data (pyHanko's DSS whitelist).
 */
export function dssStructure(view: PdfDocument): DssStructure {
  const out: DssStructure = { objects: new Set(), foreign: [] };
  const dssValue = view.catalog().get('DSS');
  const dss = view.resolveDict(dssValue);
  if (!dss) return out;
  const note = (value: PdfObject | undefined) => {
    if (value instanceof PdfRef) out.objects.add(value.num);
  };
  const foreign = (where: string, value: PdfObject | undefined) =>
    out.foreign.push({ where, num: value instanceof PdfRef ? value.num : undefined });
  const streams = (where: string, value: PdfObject | undefined) => {
    note(value);
    const arr = view.resolve(value);
    if (!Array.isArray(arr)) {
      foreign(where, value);
      return;
    }
    for (const item of arr.slice(0, MAX_ENTRIES)) {
      if (item instanceof PdfRef && view.resolve(item) instanceof PdfStream) note(item);
      else foreign(`${where} item`, item);
    }
  };
  note(dssValue);
  for (const [key, value] of dss.map) {
    if (key === 'Type' && dss.name('Type') === 'DSS') continue;
    if ((DSS_ARRAYS as readonly string[]).includes(key)) streams(`/DSS /${key}`, value);
    else if (key === 'VRI') walkVri(view, value, note, foreign, streams);
    else foreign(`/DSS /${key}`, value);
  }
  return out;
}

function walkVri(
  view: PdfDocument,
  value: PdfObject | undefined,
  note: (v: PdfObject | undefined) => void,
  foreign: (where: string, v: PdfObject | undefined) => void,
  streams: (where: string, v: PdfObject | undefined) => void,
): void {
  note(value);
  const vri = view.resolveDict(value);
  if (!vri) {
    foreign('/DSS /VRI', value);
    return;
  }
  for (const [hash, entryValue] of [...vri.map].slice(0, MAX_ENTRIES)) {
    const where = `/DSS /VRI /${hash}`;
    note(entryValue);
    const entry = view.resolveDict(entryValue);
    if (!entry) {
      if (!(hash === 'Type' && vri.name('Type') === 'VRI')) foreign(where, entryValue);
      continue;
    }
    for (const [key, v] of entry.map) {
      if (key === 'Type' && entry.name('Type') === 'VRI') continue;
      if ((VRI_ARRAYS as readonly string[]).includes(key)) streams(`${where} /${key}`, v);
      else if (key === 'TU' && v instanceof PdfString) continue;
      else if (key === 'TS' && v instanceof PdfRef && view.resolve(v) instanceof PdfStream) note(v);
      else foreign(`${where} /${key}`, v);
    }
  }
}
