// The Document Security Store (ISO 32000-2 12.8.4.3; ETSI EN 319 142-1 5.4.2): certificates, OCSP
// responses and CRLs added for long-term validation. Read from the newest revision; every stream counts.

import type { PdfDocument } from '../core/document.ts';
import { type PdfObject, PdfStream } from '../core/objects.ts';

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
