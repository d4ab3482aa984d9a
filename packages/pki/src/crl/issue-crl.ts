import { bitString, type Der, enumerated, explicit, integer, sequence, time } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { encodeExtension } from '../x509/extension.ts';
import { authorityKeyIdExtension, crlNumberExtension } from '../x509/extension-encoders.ts';
import { keyIdentifier } from '../x509/key-identifier.ts';
import { type RevocationReason, revocationReasonCode } from './revocation-reason.ts';

export interface RevokedEntry {
  serialNumber: bigint;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface IssueCrlOptions {
  issuer: Certificate;
  signer: Signer;
  revoked: readonly RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: bigint;
}

function revokedCertificate(entry: RevokedEntry): Der {
  // RFC 5280 5.3.1: reasonCode "unspecified" SHOULD be expressed by leaving the extension out.
  const reason = entry.reason && entry.reason !== 'unspecified' ? entry.reason : undefined;
  const extensions = reason
    ? [sequence(encodeExtension(OID.cRLReason, false, enumerated(revocationReasonCode(reason))))]
    : [];
  return sequence(integer(entry.serialNumber), time(entry.revokedAt), ...extensions);
}

/** A v2 CRL (RFC 5280 5.1) with authorityKeyIdentifier and cRLNumber, signed by `signer`. */
export async function issueCrl(opts: IssueCrlOptions): Promise<Uint8Array> {
  const { issuer, signer } = opts;
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) {
    throw new PkiError('ERR_CERT_INVALID', 'issuer key usage lacks cRLSign (RFC 5280 4.2.1.3)');
  }
  if (opts.nextUpdate.getTime() <= opts.thisUpdate.getTime()) {
    throw new PkiError('ERR_CERT_INVALID', 'nextUpdate must be later than thisUpdate');
  }
  const akid = issuer.subjectKeyId ?? keyIdentifier(issuer.publicKeyBitString);
  const tbs = sequence(
    integer(1), // v2 (5.1.2.1), required because extensions are present
    signer.signatureAlgorithm,
    issuer.subjectDer,
    time(opts.thisUpdate),
    time(opts.nextUpdate),
    // 5.1.2.6: with no revoked certificates the list is absent, not empty.
    ...(opts.revoked.length > 0 ? [sequence(...opts.revoked.map(revokedCertificate))] : []),
    explicit(0, sequence(authorityKeyIdExtension(akid), crlNumberExtension(opts.crlNumber))),
  );
  const signature = await signer.sign(tbs);
  return sequence(tbs, signer.signatureAlgorithm, bitString(signature));
}
