// DER values of the certificate and CRL extensions we issue (RFC 5280 4.2.1, 4.2.2, 5.2).

import {
  boolean,
  type Der,
  implicitConstructed,
  implicitPrimitive,
  integer,
  namedBits,
  nullValue,
  octetString,
  oid,
  sequence,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { encodeExtension } from './extension.ts';
import { KEY_USAGE_BITS, type KeyUsageName } from './key-usage.ts';

function ascii(s: string): Uint8Array {
  // IA5String: URIs and rfc822Names must already be ASCII (RFC 5280 4.2.1.6, 7.1-7.5).
  if (!/^[\x00-\x7f]*$/.test(s))
    throw new PkiError('ERR_CERT_INVALID', `not an ASCII URI or e-mail address: ${s}`);
  return new TextEncoder().encode(s);
}
/** GeneralName uniformResourceIdentifier [6] IA5String (4.2.1.6). */
const uriName = (uri: string): Der => implicitPrimitive(6, ascii(uri));

/** 4.2.1.9: cA, and pathLenConstraint only for CAs. Always critical here, as required for CA certificates. */
export function basicConstraintsExtension(ca: boolean, pathLength?: number): Der {
  const items: Der[] = [];
  if (ca) items.push(boolean(true));
  if (ca && pathLength !== undefined) items.push(integer(pathLength));
  return encodeExtension(OID.basicConstraints, true, sequence(...items));
}

/** 4.2.1.3: conforming CAs SHOULD mark keyUsage critical. */
export function keyUsageExtension(usages: readonly KeyUsageName[]): Der {
  return encodeExtension(OID.keyUsage, true, namedBits(usages.map((u) => KEY_USAGE_BITS.indexOf(u))));
}

export function extKeyUsageExtension(purposes: readonly string[], critical: boolean): Der {
  return encodeExtension(OID.extKeyUsage, critical, sequence(...purposes.map((p) => oid(p))));
}

export function subjectKeyIdExtension(keyId: Uint8Array): Der {
  return encodeExtension(OID.subjectKeyIdentifier, false, octetString(keyId));
}

/** AuthorityKeyIdentifier with keyIdentifier [0] only (4.2.1.1); also used in CRLs (5.2.1). */
export function authorityKeyIdExtension(keyId: Uint8Array): Der {
  return encodeExtension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyId)));
}

/** One DistributionPoint with a fullName URI: distributionPoint [0] { fullName [0] { [6] uri } } (4.2.1.13). */
export function crlDistributionPointsExtension(url: string): Der {
  const fullName = implicitConstructed(0, uriName(url));
  return encodeExtension(
    OID.cRLDistributionPoints,
    false,
    sequence(sequence(implicitConstructed(0, fullName))),
  );
}

/** AuthorityInfoAccess (4.2.2.1): OCSP first, then caIssuers. Undefined entries are left out. */
export function authorityInfoAccessExtension(
  ocspUrl: string | undefined,
  caIssuersUrl: string | undefined,
): Der {
  const descriptions: Der[] = [];
  if (ocspUrl) descriptions.push(sequence(oid(OID.accessOcsp), uriName(ocspUrl)));
  if (caIssuersUrl) descriptions.push(sequence(oid(OID.accessCaIssuers), uriName(caIssuersUrl)));
  return encodeExtension(OID.authorityInfoAccess, false, sequence(...descriptions));
}

/** subjectAltName with one rfc822Name [1] (4.2.1.6). */
export function subjectAltEmailExtension(email: string): Der {
  return encodeExtension(OID.subjectAltName, false, sequence(implicitPrimitive(1, ascii(email))));
}

/** 4.2.1.4: policy identifiers only, no qualifiers; non-critical so relying parties may ignore them. */
export function certificatePoliciesExtension(policies: readonly string[]): Der {
  return encodeExtension(OID.certificatePolicies, false, sequence(...policies.map((p) => sequence(oid(p)))));
}

/** id-pkix-ocsp-nocheck: extnValue is NULL (RFC 6960 4.2.2.2.1). */
export function ocspNoCheckExtension(): Der {
  return encodeExtension(OID.ocspNoCheck, false, nullValue());
}

/** cRLNumber (5.2.3), non-critical. */
export function crlNumberExtension(n: bigint): Der {
  return encodeExtension(OID.cRLNumber, false, integer(n));
}
