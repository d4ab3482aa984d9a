import { createHash } from 'node:crypto';
import {
  bitString,
  compareBytes,
  concat,
  type Der,
  enumerated,
  explicit,
  generalizedTime,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  tlv,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import type { RevocationStatus } from '../ca/pki.ts';
import { revocationReasonCode } from '../crl/revocation-reason.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { certIdNamesIssuer, encodeCertId } from './cert-id.ts';
import { ocspFailed } from './ocsp-error.ts';
import { type OcspRequest, parseOcspRequest } from './ocsp-request.ts';
import { errorResponse } from './ocsp-response.ts';

export interface OcspResponderOptions {
  /** The CA whose certificates this responder answers for. */
  issuer: Certificate;
  /** The issuer itself, or a delegated responder it issued with id-kp-OCSPSigning (RFC 6960 4.2.2.2). */
  responder: { certificate: Certificate; signer: Signer };
  status(serialNumber: bigint): RevocationStatus | Promise<RevocationStatus>;
  clock?: () => Date;
  /** Distance from thisUpdate to nextUpdate; default 24 h. */
  validityMs?: number;
}

export interface OcspResponder {
  /** OCSPRequest DER in, OCSPResponse DER out; never throws. */
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
  /** A signed response for `cert` without a request (SHA-1 CertID, no nonce), cacheable by the caller. */
  responseFor(cert: Certificate): Promise<Uint8Array>;
}

/** More CertIDs than this in one request is treated as abuse. */
const MAX_REQUESTS = 32;
const DAY_MS = 86_400_000;

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }. */
function certStatus(s: RevocationStatus): Der {
  switch (s.status) {
    case 'good':
      return implicitPrimitive(0, new Uint8Array(0));
    case 'unknown':
      return implicitPrimitive(2, new Uint8Array(0));
    case 'revoked': {
      const parts = [generalizedTime(s.revokedAt)];
      if (s.reason) parts.push(explicit(0, enumerated(revocationReasonCode(s.reason))));
      return tlv(0xa1, concat(parts));
    }
  }
}

/** An RFC 6960 responder (BasicOCSPResponse, ResponderID byKey as RFC 5019 2.2.3 recommends). */
export function createOcspResponder(opts: OcspResponderOptions): OcspResponder {
  const { issuer, responder } = opts;
  const clock = opts.clock ?? (() => new Date());
  const validityMs = opts.validityMs ?? DAY_MS;
  // ResponderID byKey [2]: SHA-1 of the responder's subjectPublicKey bits (RFC 6960 4.2.1).
  const responderId = explicit(
    2,
    octetString(createHash('sha1').update(responder.certificate.publicKeyBitString).digest()),
  );
  const delegated = compareBytes(responder.certificate.der, issuer.der) !== 0;
  // A delegated responder's certificate must reach the client (RFC 6960 4.2.2.2); the issuer's it has.
  const certs = delegated ? explicit(0, sequence(responder.certificate.der)) : undefined;
  if (delegated && !responder.certificate.extKeyUsage?.includes(OID.ekuOcspSigning)) {
    throw ocspFailed('the delegated OCSP responder certificate lacks id-kp-OCSPSigning');
  }

  async function signed(
    certIds: readonly Der[],
    statuses: readonly RevocationStatus[],
    nonceExt?: Uint8Array,
  ) {
    const now = clock();
    const next = new Date(now.getTime() + validityMs);
    // RFC 5280 4.1.2.5.2 style GeneralizedTime: whole seconds, Z.
    const responses = certIds.map((certId, i) =>
      sequence(certId, certStatus(statuses[i]!), generalizedTime(now), explicit(0, generalizedTime(next))),
    );
    const tbsParts = [responderId, generalizedTime(now), sequence(...responses)];
    if (nonceExt) tbsParts.push(explicit(1, sequence(nonceExt)));
    const tbs = sequence(...tbsParts);
    const signature = await responder.signer.sign(tbs);
    const basicParts = [tbs, responder.signer.signatureAlgorithm, bitString(signature)];
    if (certs) basicParts.push(certs);
    const basic = sequence(...basicParts);
    return sequence(enumerated(0), explicit(0, sequence(oid(OID.ocspBasic), octetString(basic))));
  }

  return {
    async respond(requestDer) {
      let request: OcspRequest;
      try {
        request = parseOcspRequest(requestDer);
      } catch {
        return errorResponse('malformedRequest');
      }
      if (request.certIds.length > MAX_REQUESTS) return errorResponse('malformedRequest');
      // RFC 5019 2.2.3: a responder that is not authoritative for a certificate answers unauthorized.
      if (!request.certIds.every((id) => certIdNamesIssuer(id, issuer))) return errorResponse('unauthorized');
      try {
        const statuses = await Promise.all(request.certIds.map((id) => opts.status(id.serialNumber)));
        return await signed(
          request.certIds.map((id) => id.der),
          statuses,
          request.nonceExtensionDer,
        );
      } catch {
        return errorResponse('internalError');
      }
    },

    async responseFor(cert) {
      if (!cert.isIssuedBy(issuer))
        throw ocspFailed(`certificate ${cert.serialHex} was not issued by this responder's CA`);
      return signed([encodeCertId(cert, issuer)], [await opts.status(cert.serialNumber)]);
    },
  };
}
