import { type Der, oid, sequence, setOf } from '../asn1/der.ts';

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF AttributeValue } (RFC 5652 5.3). */
export function attribute(type: string, ...values: Der[]): Der {
  return sequence(oid(type), setOf(...values));
}
