import {
  boolean,
  type Der,
  expectSequence,
  type Node,
  octetString,
  oid,
  readBoolean,
  readOctetString,
  readOid,
  sequence,
} from '../asn1/der.ts';
import { PkiError } from '../errors.ts';

/** One parsed Extension (RFC 5280 4.1): `value` is the DER inside extnValue. */
export interface ParsedExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
export function encodeExtension(extnId: string, critical: boolean, value: Der): Der {
  // X.690 11.5: a DEFAULT value is omitted, so non-critical extensions carry no BOOLEAN.
  return critical
    ? sequence(oid(extnId), boolean(true), octetString(value))
    : sequence(oid(extnId), octetString(value));
}

/** Reads `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension`; a repeated extension is invalid (4.2). */
export function parseExtensions(node: Node): ParsedExtension[] {
  const out: ParsedExtension[] = [];
  const seen = new Set<string>();
  for (const ext of expectSequence(node, 1)) {
    const items = expectSequence(ext, 2, 3);
    const extnId = readOid(items[0]!);
    let critical = false;
    if (items.length === 3) {
      critical = readBoolean(items[1]!);
      if (!critical)
        throw new PkiError('ERR_CERT_INVALID', `extension ${extnId}: explicit critical FALSE is not DER`);
    }
    if (seen.has(extnId)) throw new PkiError('ERR_CERT_INVALID', `extension ${extnId} appears twice`);
    seen.add(extnId);
    out.push({ oid: extnId, critical, value: readOctetString(items[items.length - 1]!) });
  }
  return out;
}
