import { OID } from '../asn1/oids.ts';
import { cmsInvalid, parsing } from '../cms/cms-error.ts';
import { type ParsedSignedData, parseSignedData } from '../cms/signed-data-parser.ts';
import { parseTstInfo } from './tst-info.ts';

export interface ParsedTimestampToken {
  signedData: ParsedSignedData;
  genTime: Date;
  policyOid: string;
  serialNumber: bigint;
  messageImprint: { digestAlgorithmOid: string; digest: Uint8Array };
  nonce?: bigint;
  accuracyMs?: number;
  /** RFC 4514 form of the TSA name when it is a directoryName. */
  tsaName?: string;
}

/**
 * Parses a TimeStampToken (RFC 3161 2.4.2): a SignedData over id-ct-TSTInfo with exactly one signer.
 * Structure only; see verifyTimestampToken for the signature. Throws ERR_CMS_INVALID.
 */
export function parseTimestampToken(tokenDer: Uint8Array): ParsedTimestampToken {
  const signedData = parseSignedData(tokenDer);
  if (signedData.contentType !== OID.tstInfo) {
    throw cmsInvalid(`timestamp token encapsulates ${signedData.contentType}, not TSTInfo`);
  }
  if (!signedData.eContent) throw cmsInvalid('timestamp token has no TSTInfo content');
  if (signedData.signerInfos.length !== 1) {
    throw cmsInvalid(`timestamp token has ${signedData.signerInfos.length} signers, expected 1`);
  }
  const eContent = signedData.eContent;
  const info = parsing('TSTInfo', () => parseTstInfo(eContent));
  const token: ParsedTimestampToken = {
    signedData,
    genTime: info.genTime,
    policyOid: info.policyOid,
    serialNumber: info.serialNumber,
    messageImprint: info.messageImprint,
  };
  if (info.nonce !== undefined) token.nonce = info.nonce;
  if (info.accuracyMs !== undefined) token.accuracyMs = info.accuracyMs;
  if (info.tsaName !== undefined) token.tsaName = info.tsaName;
  return token;
}
