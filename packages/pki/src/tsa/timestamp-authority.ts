import { createHash, randomBytes } from 'node:crypto';
import { type Der, oid } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { buildSignedData } from '../cms/signed-data-builder.ts';
import { type DigestAlgorithm, digestAlgorithmFromOid } from '../keys/key-algorithm.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { messageImprint, parseTimestampRequest } from './timestamp-request.ts';
import { grantedResponse, rejectionResponse } from './timestamp-response.ts';
import { tsaFailed } from './tsa-error.ts';
import { encodeTstInfo, tsaNameField } from './tst-info.ts';

export interface Timestamper {
  /** A TimeStampToken (ContentInfo DER) over `digest`. */
  timestamp(digest: Uint8Array, digestAlgorithm: DigestAlgorithm): Promise<Uint8Array>;
}

export interface TsaOptions {
  certificate: Certificate;
  signer: Signer;
  /** Certificates embedded after the TSA's own when the requester asks for them (e.g. the issuing CA). */
  chain?: readonly Certificate[];
  /** Default DEMO_TSA_POLICY_OID. */
  policyOid?: string;
  clock?: () => Date;
  /** Accuracy of genTime; omitted from TSTInfo when not given. */
  accuracyMs?: number;
}

/** TSA policy of the built-in demonstration PKI (private arc, not a registered policy). */
export const DEMO_TSA_POLICY_OID = '1.3.6.1.4.1.99999.3161.1';

const DIGEST_LENGTH: Readonly<Record<DigestAlgorithm, number>> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
  sm3: 32,
};

/** 16 random bytes as a positive INTEGER: unique without a counter that would need persisting. */
function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** An RFC 3161 time-stamping authority over an in-process key. */
export function createTimestampAuthority(opts: TsaOptions): Timestamper & {
  /** TimeStampReq DER in, TimeStampResp DER out (granted, or a rejection with failInfo). */
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
} {
  const { certificate, signer } = opts;
  const clock = opts.clock ?? (() => new Date());
  const policyOid = opts.policyOid ?? DEMO_TSA_POLICY_OID;
  const policy = oid(policyOid);
  const tsaName = tsaNameField(certificate.subjectDer);
  const withCertificates = [certificate, ...(opts.chain ?? [])];

  async function token(messageImprintDer: Uint8Array, nonceDer: Uint8Array | undefined, certReq: boolean) {
    const tstInfo = encodeTstInfo({
      policy,
      messageImprintDer,
      serialNumber: randomSerial(),
      genTime: clock(),
      accuracyMs: opts.accuracyMs,
      nonceDer,
      tsaNameDer: tsaName,
    });
    // RFC 3161 2.4.1: the TSA certificate is included when certReq is true and may be omitted otherwise.
    return buildSignedData({
      signer,
      certificate,
      certificates: certReq ? withCertificates : [],
      contentType: OID.tstInfo,
      eContent: tstInfo,
      messageDigest: createHash(signer.digestAlgorithm).update(tstInfo).digest(),
    });
  }

  async function respond(requestDer: Uint8Array): Promise<Uint8Array> {
    let req: ReturnType<typeof parseTimestampRequest>;
    try {
      req = parseTimestampRequest(requestDer);
    } catch {
      return rejectionResponse('badDataFormat', 'the request is not a DER TimeStampReq');
    }
    if (req.version !== 1)
      return rejectionResponse('badRequest', `unsupported request version ${req.version}`);
    const alg = digestAlgorithmFromOid(req.digestAlgorithmOid);
    if (!alg) return rejectionResponse('badAlg', `unsupported hash algorithm ${req.digestAlgorithmOid}`);
    if (req.digest.length !== DIGEST_LENGTH[alg]) {
      return rejectionResponse('badDataFormat', `a ${alg} digest is ${DIGEST_LENGTH[alg]} bytes`);
    }
    if (req.policyOid && req.policyOid !== policyOid) {
      return rejectionResponse('unacceptedPolicy', `this TSA only issues under policy ${policyOid}`);
    }
    if (req.hasExtensions)
      return rejectionResponse('unacceptedExtension', 'request extensions are not supported');
    let signed: Der;
    try {
      signed = await token(req.messageImprintDer, req.nonceDer, req.certReq);
    } catch {
      // The reason stays on the server; the client learns only that the TSA failed.
      return rejectionResponse('systemFailure', 'the time-stamping authority failed');
    }
    return grantedResponse(signed);
  }

  return {
    async timestamp(digest, digestAlgorithm) {
      if (digest.length !== DIGEST_LENGTH[digestAlgorithm]) {
        throw tsaFailed(
          `a ${digestAlgorithm} digest is ${DIGEST_LENGTH[digestAlgorithm]} bytes, got ${digest.length}`,
        );
      }
      return token(messageImprint(digest, digestAlgorithm), undefined, true);
    },
    respond,
  };
}
