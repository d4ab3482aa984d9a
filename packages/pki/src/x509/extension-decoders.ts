// Readers for the extension values a validator needs (RFC 5280 4.2.1, 4.2.2). Each takes the DER
// inside extnValue and fails closed (Asn1Error / PkiError) on anything malformed.

import {
  children,
  content,
  expectSequence,
  expectTag,
  type Node,
  parseDer,
  readBoolean,
  readNamedBits,
  readOctetString,
  readOid,
  readSmallInteger,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { KEY_USAGE_BITS, type KeyUsageName } from './key-usage.ts';

const latin1 = new TextDecoder('latin1');
const URI_TAG = 0x86; // GeneralName [6] uniformResourceIdentifier
const RFC822_TAG = 0x81; // GeneralName [1] rfc822Name

export function decodeKeyUsage(value: Uint8Array): Set<KeyUsageName> {
  const out = new Set<KeyUsageName>();
  for (const bit of readNamedBits(parseDer(value))) {
    const name = KEY_USAGE_BITS[bit];
    if (name) out.add(name);
  }
  return out;
}

export function decodeExtKeyUsage(value: Uint8Array): string[] {
  return expectSequence(parseDer(value), 1).map(readOid);
}

export function decodeBasicConstraints(value: Uint8Array): { ca: boolean; pathLength?: number } {
  const items = expectSequence(parseDer(value), 0, 2);
  let ca = false;
  let index = 0;
  if (items[0]?.tag === Tag.BOOLEAN) {
    ca = readBoolean(items[0]);
    index = 1;
  }
  const pathNode = items[index];
  if (pathNode) {
    const pathLength = readSmallInteger(pathNode);
    if (pathLength < 0) throw new PkiError('ERR_CERT_INVALID', 'negative pathLenConstraint');
    return { ca, pathLength };
  }
  if (items.length > index) throw new PkiError('ERR_CERT_INVALID', 'bad basicConstraints');
  return { ca };
}

export function decodeSubjectKeyId(value: Uint8Array): Uint8Array {
  return readOctetString(parseDer(value));
}

/** keyIdentifier [0] of AuthorityKeyIdentifier, if present (issuer+serial form is ignored). */
export function decodeAuthorityKeyId(value: Uint8Array): Uint8Array | undefined {
  const keyId = expectSequence(parseDer(value), 0, 3).find((n) => n.tag === 0x80);
  return keyId ? content(keyId) : undefined;
}

/** URIs of AuthorityInfoAccess, split by access method. */
export function decodeAuthorityInfoAccess(value: Uint8Array): { ocsp: string[]; caIssuers: string[] } {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  for (const desc of expectSequence(parseDer(value), 1)) {
    const [method, location] = expectSequence(desc, 2, 2) as [Node, Node];
    if (location.tag !== URI_TAG) continue;
    const m = readOid(method);
    if (m === OID.accessOcsp) ocsp.push(latin1.decode(content(location)));
    else if (m === OID.accessCaIssuers) caIssuers.push(latin1.decode(content(location)));
  }
  return { ocsp, caIssuers };
}

/** fullName URIs of every DistributionPoint (4.2.1.13); relative names and cRLIssuer are not followed. */
export function decodeCrlDistributionPoints(value: Uint8Array): string[] {
  const urls: string[] = [];
  for (const point of expectSequence(parseDer(value), 1)) {
    const dpName = children(point).find((n) => n.tag === 0xa0);
    if (!dpName) continue;
    for (const choice of children(dpName)) {
      if (choice.tag !== 0xa0) continue; // [1] nameRelativeToCRLIssuer
      for (const name of children(choice)) if (name.tag === URI_TAG) urls.push(latin1.decode(content(name)));
    }
  }
  return urls;
}

/** rfc822Name entries of subjectAltName. */
export function decodeSubjectAltEmails(value: Uint8Array): string[] {
  const names = expectSequence(parseDer(value), 1);
  return names.filter((n) => n.tag === RFC822_TAG).map((n) => latin1.decode(content(n)));
}

/** id-pkix-ocsp-nocheck must hold NULL (RFC 6960 4.2.2.2.1). */
export function checkOcspNoCheck(value: Uint8Array): void {
  expectTag(parseDer(value), Tag.NULL);
}

/** 4.2.1.4: the policy identifiers; qualifiers are skipped. */
export function decodeCertificatePolicies(value: Uint8Array): string[] {
  return expectSequence(parseDer(value), 1).map((info) => readOid(expectSequence(info, 1, 2)[0] as Node));
}
