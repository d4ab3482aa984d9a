import {
  compareBytes,
  expectSequence,
  type Node,
  parseDer,
  raw,
  readBitString,
  readInteger,
  readOid,
  readSmallInteger,
  readTime,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { verifySignature } from '../keys/signature-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { parseExtensions } from '../x509/extension.ts';
import { type DistinguishedName, parseName } from '../x509/name.ts';
import { type RevocationReason, revocationReasonFromCode } from './revocation-reason.ts';

export interface ParsedCrl {
  der: Uint8Array;
  issuer: DistinguishedName;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  /** Keyed by lowercase serial hex, as Certificate.serialHex. */
  revoked: ReadonlyMap<string, { revokedAt: Date; reason?: RevocationReason }>;
  /** Issuer name matches and `issuer`'s key verifies the CRL signature. */
  isSignedBy(issuer: Certificate): boolean;
}

function invalid(message: string): PkiError {
  return new PkiError('ERR_CERT_INVALID', message);
}

const isTime = (n: Node | undefined): n is Node => n?.tag === Tag.UTC_TIME || n?.tag === Tag.GENERALIZED_TIME;

/**
 * Parses a v1/v2 CRL (RFC 5280 5.1). Fails closed on critical extensions it does not process, as
 * 5.2 requires of CRL users (delta and indirect CRLs are therefore refused).
 */
export function parseCrl(input: Uint8Array): ParsedCrl {
  const der = Uint8Array.from(input);
  const [tbs, sigAlg, sigValue] = expectSequence(parseDer(der), 3, 3) as [Node, Node, Node];
  const algOid = readOid(expectSequence(sigAlg, 1, 2)[0]!);
  const { bytes: signature, unusedBits } = readBitString(sigValue);
  if (unusedBits !== 0) throw invalid('CRL signature BIT STRING has unused bits');

  const fields = expectSequence(tbs, 4, 7);
  let i = 0;
  if (fields[0]!.tag === Tag.INTEGER) {
    if (readSmallInteger(fields[0]!) !== 1) throw invalid('unsupported CRL version');
    i = 1;
  }
  const innerAlg = fields[i++];
  if (!innerAlg || compareBytes(raw(innerAlg), raw(sigAlg)) !== 0)
    throw invalid('CRL signature algorithms differ');
  const issuerNode = fields[i++];
  const thisUpdateNode = fields[i++];
  if (!issuerNode || !isTime(thisUpdateNode)) throw invalid('TBSCertList is missing fields');
  const issuerDer = raw(issuerNode);
  const thisUpdate = readTime(thisUpdateNode);
  let nextUpdate: Date | undefined;
  if (isTime(fields[i])) nextUpdate = readTime(fields[i++]!);

  const revoked = new Map<string, { revokedAt: Date; reason?: RevocationReason }>();
  if (fields[i]?.tag === Tag.SEQUENCE) {
    for (const entry of expectSequence(fields[i++]!)) {
      const [serialNode, dateNode, extNode] = expectSequence(entry, 2, 3) as [Node, Node, Node | undefined];
      revoked.set(readInteger(serialNode).toString(16), {
        revokedAt: readTime(dateNode),
        ...readEntryReason(extNode),
      });
    }
  }

  let crlNumber: bigint | undefined;
  const extField = fields[i];
  if (extField) {
    if (extField.tag !== 0xa0 || i !== fields.length - 1) throw invalid('unexpected TBSCertList field');
    for (const ext of parseExtensions(expectSequence(extField, 1, 1, 0xa0)[0]!)) {
      if (ext.oid === OID.cRLNumber) crlNumber = readInteger(parseDer(ext.value));
      else if (ext.critical) throw invalid(`unsupported critical CRL extension ${ext.oid}`);
    }
  }

  const tbsDer = raw(tbs);
  const checked = new WeakMap<Certificate, boolean>();
  return {
    der,
    issuer: parseName(issuerNode),
    issuerDer,
    thisUpdate,
    nextUpdate,
    crlNumber,
    revoked,
    isSignedBy(issuer: Certificate): boolean {
      let ok = checked.get(issuer);
      if (ok === undefined) {
        ok =
          compareBytes(issuerDer, issuer.subjectDer) === 0 &&
          verifyOrFalse(algOid, issuer, tbsDer, signature);
        checked.set(issuer, ok);
      }
      return ok;
    },
  };
}

function verifyOrFalse(algOid: string, issuer: Certificate, tbs: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verifySignature(algOid, issuer.publicKey, tbs, signature);
  } catch (e) {
    if (e instanceof PkiError) return false;
    throw e;
  }
}

/** crlEntryExtensions: reasonCode is read; any other critical entry extension is refused (5.3). */
function readEntryReason(node: Node | undefined): { reason?: RevocationReason } {
  if (!node) return {};
  let reason: RevocationReason | undefined;
  for (const ext of parseExtensions(node)) {
    if (ext.oid === OID.cRLReason) {
      const value = parseDer(ext.value);
      if (value.tag !== Tag.ENUMERATED) throw invalid('CRLReason is not ENUMERATED');
      // X.690 8.4: ENUMERATED content is encoded as an INTEGER's.
      reason = revocationReasonFromCode(Number(readInteger({ ...value, tag: Tag.INTEGER })));
    } else if (ext.critical) {
      throw invalid(`unsupported critical CRL entry extension ${ext.oid}`);
    }
  }
  return reason ? { reason } : {};
}
