import {
  type Der,
  expectSequence,
  ia5String,
  type Node,
  oid,
  printableString,
  raw,
  readOid,
  readString,
  sequence,
  setOf,
  Tag,
  utf8String,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';

export type NameAttributeType =
  | 'C'
  | 'ST'
  | 'L'
  | 'O'
  | 'OU'
  | 'CN'
  | 'serialNumber'
  | 'organizationIdentifier'
  | 'title'
  | 'emailAddress';

export interface NameAttribute {
  /** A short name, or the dotted OID of an attribute type without one. */
  readonly type: NameAttributeType | string;
  readonly value: string;
}

export type DistinguishedName = readonly NameAttribute[];

type StringKind = 'utf8' | 'printable' | 'ia5';

const attributes = new Map<string, { oid: string; kind: StringKind }>(
  Object.entries({
    // RFC 5280 Appendix A: countryName and serialNumber are PrintableString, emailAddress IA5String;
    // everything else is a DirectoryString, for which 4.1.2.4 says UTF8String.
    C: { oid: OID.countryName, kind: 'printable' },
    ST: { oid: OID.stateOrProvinceName, kind: 'utf8' },
    L: { oid: OID.localityName, kind: 'utf8' },
    O: { oid: OID.organizationName, kind: 'utf8' },
    OU: { oid: OID.organizationalUnitName, kind: 'utf8' },
    CN: { oid: OID.commonName, kind: 'utf8' },
    serialNumber: { oid: OID.serialNumber, kind: 'printable' },
    organizationIdentifier: { oid: OID.organizationIdentifier, kind: 'utf8' },
    title: { oid: OID.title, kind: 'utf8' },
    emailAddress: { oid: OID.emailAddress, kind: 'ia5' },
  } satisfies Record<NameAttributeType, { oid: string; kind: StringKind }>),
);

const shortNameByOid = new Map<string, NameAttributeType>(
  [...attributes].map(([name, a]) => [a.oid, name as NameAttributeType]),
);

// X.680 41.4 PrintableString alphabet.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const IA5 = /^[\x00-\x7f]*$/;
const DOTTED_OID = /^[0-2](\.(0|[1-9]\d*))+$/;

function encodeValue(kind: StringKind, type: string, value: string): Der {
  switch (kind) {
    case 'utf8':
      return utf8String(value);
    case 'printable':
      if (!PRINTABLE.test(value))
        throw new PkiError('ERR_CERT_INVALID', `${type} must use PrintableString characters`);
      return printableString(value);
    case 'ia5':
      if (!IA5.test(value)) throw new PkiError('ERR_CERT_INVALID', `${type} must be ASCII (IA5String)`);
      return ia5String(value);
  }
}

function encodeAttribute(attr: NameAttribute): Der {
  const known = attributes.get(attr.type);
  if (known) return sequence(oid(known.oid), encodeValue(known.kind, attr.type, attr.value));
  if (!DOTTED_OID.test(attr.type))
    throw new PkiError('ERR_CERT_INVALID', `unknown name attribute type ${attr.type}`);
  return sequence(oid(attr.type), utf8String(attr.value));
}

/** RDNSequence with one attribute per RDN, in the given order (RFC 5280 4.1.2.4). */
export function encodeName(dn: DistinguishedName): Der {
  return sequence(...dn.map((attr) => setOf(encodeAttribute(attr))));
}

/** Reads a Name; multi-valued RDNs are flattened in encoding order. */
export function parseName(node: Node): DistinguishedName {
  const out: NameAttribute[] = [];
  for (const rdn of expectSequence(node)) {
    for (const atv of expectSequence(rdn, 1, Number.POSITIVE_INFINITY, Tag.SET)) {
      const [typeNode, valueNode] = expectSequence(atv, 2, 2) as [Node, Node];
      const typeOid = readOid(typeNode);
      out.push({ type: shortNameByOid.get(typeOid) ?? typeOid, value: readValue(valueNode) });
    }
  }
  return out;
}

/** Non-string values are shown as RFC 4514 2.4 "#" + hex of their encoding. */
function readValue(node: Node): string {
  try {
    return readString(node);
  } catch {
    return `#${Buffer.from(raw(node)).toString('hex')}`;
  }
}

/**
 * RFC 4514 one-line form: RDNs from last to first, so a name encoded C, O, CN reads
 * "CN=..., O=..., C=CN" (the usual order in user interfaces).
 */
export function formatName(dn: DistinguishedName): string {
  return [...dn]
    .reverse()
    .map((a) => `${a.type}=${escapeValue(a.value)}`)
    .join(', ');
}

// RFC 4514 2.4: escape the specials, a leading '#' or space and a trailing space.
function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}
