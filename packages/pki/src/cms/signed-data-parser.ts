import {
  content,
  expectSequence,
  expectTag,
  type Node,
  raw,
  readInteger,
  readNode,
  readOctetString,
  readOid,
  readSmallInteger,
  readTime,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { Certificate } from '../x509/certificate.ts';
import { cmsInvalid, parsing } from './cms-error.ts';
import {
  type EssCertId,
  type EssCertIdV2,
  parseSigningCertificateV1,
  parseSigningCertificateV2,
} from './signing-certificate.ts';

export interface ParsedSignerInfo {
  version: number;
  sid: { issuerDer: Uint8Array; serialNumber: bigint } | { subjectKeyId: Uint8Array };
  digestAlgorithmOid: string;
  signatureAlgorithmOid: string;
  signature: Uint8Array;
  /** The signed attributes re-tagged as SET OF (0x31), exactly the bytes signed (RFC 5652 5.4). */
  signedAttrsDer?: Uint8Array;
  /** Attribute OID -> its values. */
  signedAttrs: ReadonlyMap<string, readonly Node[]>;
  unsignedAttrs: ReadonlyMap<string, readonly Node[]>;
  messageDigest?: Uint8Array;
  contentType?: string;
  signingTime?: Date;
  signingCertificateV2?: EssCertIdV2[];
  signingCertificateV1?: EssCertId[];
}

export interface ParsedSignedData {
  /** The ContentInfo's contentType: id-signedData, or GM/T 0010's signedData (1.2.156.10197.6.1.4.2.2). */
  contentInfoType: string;
  /** eContentType. */
  contentType: string;
  eContent?: Uint8Array;
  certificates: Certificate[];
  crls: Uint8Array[];
  /** OtherRevocationInfoFormat values ([1] in RevocationInfoChoice), whole TLVs. */
  otherRevocation: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
  digestAlgorithmOids: string[];
}

const CONTEXT_0 = 0xa0;
const CONTEXT_1 = 0xa1;

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
function readAlgorithmOid(node: Node): string {
  return readOid(expectSequence(node, 1, 2)[0]!);
}

/** SignedData under RFC 5652's OID or GM/T 0010's: the structure is the same (GM/T 0010, GB/T 35275). */
const SIGNED_DATA_TYPES: ReadonlySet<string> = new Set([OID.signedData, OID.gmSignedData]);

/**
 * Parses a CMS ContentInfo holding SignedData (RFC 5652 3, 5; GM/T 0010 names it by its own OID). Strict DER: anything malformed throws
 * ERR_CMS_INVALID. Zero bytes after the ContentInfo are accepted (a PDF /Contents placeholder is padded
 * with them). Returned byte fields are views into `der`.
 */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  const contentInfo = parsing('ContentInfo', () => readNode(der, 0));
  for (let i = contentInfo.end; i < der.length; i++) {
    if (der[i] !== 0) throw cmsInvalid('non-zero bytes after the ContentInfo');
  }
  const { contentInfoType, signedData } = parsing('ContentInfo', () => {
    const [type, explicitContent] = expectSequence(contentInfo, 2, 2) as [Node, Node];
    const contentInfoType = readOid(type);
    if (!SIGNED_DATA_TYPES.has(contentInfoType))
      throw cmsInvalid(`ContentInfo holds ${contentInfoType}, not SignedData`);
    return { contentInfoType, signedData: expectSequence(explicitContent, 1, 1, CONTEXT_0)[0]! };
  });
  const fields = parsing('SignedData', () => expectSequence(signedData, 4, 6));
  const version = parsing('SignedData version', () => readSmallInteger(fields[0]!));
  if (![1, 3, 4, 5].includes(version)) throw cmsInvalid(`unsupported SignedData version ${version}`);
  const digestAlgorithmOids = parsing('SignedData digestAlgorithms', () =>
    expectSequence(fields[1]!, 0, Number.POSITIVE_INFINITY, Tag.SET).map(readAlgorithmOid),
  );
  const { contentType, eContent } = parsing('encapContentInfo', () => readEncapContentInfo(fields[2]!));

  let i = 3;
  let certificates: Certificate[] = [];
  let crls: Uint8Array[] = [];
  let otherRevocation: Uint8Array[] = [];
  if (fields[i]?.tag === CONTEXT_0) certificates = readCertificates(fields[i++]!);
  if (fields[i]?.tag === CONTEXT_1) ({ crls, otherRevocation } = readRevocationInfo(fields[i++]!));
  const signerInfosNode = fields[i++];
  if (!signerInfosNode || i !== fields.length) throw cmsInvalid('SignedData fields out of order');
  const signerInfos = parsing('signerInfos', () =>
    expectSequence(signerInfosNode, 0, Number.POSITIVE_INFINITY, Tag.SET),
  ).map((node, n) => parsing(`SignerInfo ${n}`, () => readSignerInfo(node, contentType)));
  return {
    contentInfoType,
    contentType,
    eContent,
    certificates,
    crls,
    otherRevocation,
    signerInfos,
    digestAlgorithmOids,
  };
}

/** EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }. */
function readEncapContentInfo(node: Node): { contentType: string; eContent?: Uint8Array } {
  const [type, wrapped] = expectSequence(node, 1, 2) as [Node, Node | undefined];
  const contentType = readOid(type);
  if (!wrapped) return { contentType };
  // Primitive OCTET STRING only: a BER constructed string is not DER.
  return { contentType, eContent: readOctetString(expectSequence(wrapped, 1, 1, CONTEXT_0)[0]!) };
}

/** CertificateSet: X.509 certificates are kept; attribute certificates ([1], [2]) and other formats ([3]) are skipped. */
function readCertificates(node: Node): Certificate[] {
  const out: Certificate[] = [];
  const items = parsing('certificates', () => expectSequence(node, 0, Number.POSITIVE_INFINITY, CONTEXT_0));
  items.forEach((item, n) => {
    if (item.tag === 0xa1 || item.tag === 0xa2 || item.tag === 0xa3) return;
    if (item.tag !== Tag.SEQUENCE) throw cmsInvalid(`certificate ${n}: unsupported CertificateChoices tag`);
    out.push(parsing(`certificate ${n}`, () => Certificate.fromDer(raw(item))));
  });
  return out;
}

/** RevocationInfoChoices: CertificateList SEQUENCEs, or [1] OtherRevocationInfoFormat. */
function readRevocationInfo(node: Node): { crls: Uint8Array[]; otherRevocation: Uint8Array[] } {
  const crls: Uint8Array[] = [];
  const otherRevocation: Uint8Array[] = [];
  const items = parsing('crls', () => expectSequence(node, 0, Number.POSITIVE_INFINITY, CONTEXT_1));
  for (const item of items) {
    if (item.tag === Tag.SEQUENCE) crls.push(raw(item));
    else if (item.tag === 0xa1) {
      parsing('OtherRevocationInfoFormat', () => readOid(expectSequence(item, 2, 2, 0xa1)[0]!));
      otherRevocation.push(raw(item));
    } else throw cmsInvalid('unsupported RevocationInfoChoice tag');
  }
  return { crls, otherRevocation };
}

/** Reads SET OF Attribute; `unique` rejects a repeated attribute type (signed attributes). */
function readAttributes(node: Node, tag: number, unique: boolean): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const attr of expectSequence(node, 1, Number.POSITIVE_INFINITY, tag)) {
    const [typeNode, valuesNode] = expectSequence(attr, 2, 2) as [Node, Node];
    const type = readOid(typeNode);
    const values = expectSequence(valuesNode, 1, Number.POSITIVE_INFINITY, Tag.SET);
    const existing = out.get(type);
    if (existing && unique) throw cmsInvalid(`signed attribute ${type} appears twice`);
    if (existing) existing.push(...values);
    else out.set(type, values);
  }
  return out;
}

/** The single value of an attribute RFC 5652 11 defines as single-valued. */
function singleValue(
  attrs: ReadonlyMap<string, readonly Node[]>,
  type: string,
  name: string,
): Node | undefined {
  const values = attrs.get(type);
  if (!values) return undefined;
  if (values.length !== 1) throw cmsInvalid(`${name} attribute must have exactly one value`);
  return values[0];
}

/**
 * SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 * signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL } (RFC 5652 5.3).
 */
function readSignerInfo(node: Node, eContentType: string): ParsedSignerInfo {
  const items = expectSequence(node, 5, 7);
  const version = readSmallInteger(items[0]!);
  const sidNode = items[1]!;
  let sid: ParsedSignerInfo['sid'];
  if (version === 1) {
    const [issuer, serial] = expectSequence(sidNode, 2, 2) as [Node, Node];
    expectTag(issuer, Tag.SEQUENCE);
    sid = { issuerDer: raw(issuer), serialNumber: readInteger(serial) };
  } else if (version === 3) {
    // SubjectKeyIdentifier [0] IMPLICIT OCTET STRING
    expectTag(sidNode, 0x80);
    sid = { subjectKeyId: content(sidNode) };
  } else throw cmsInvalid(`unsupported SignerInfo version ${version}`);
  const digestAlgorithmOid = readAlgorithmOid(items[2]!);

  let i = 3;
  let signedAttrsDer: Uint8Array | undefined;
  let signedAttrs = new Map<string, Node[]>();
  if (items[i]?.tag === CONTEXT_0) {
    const node = items[i++]!;
    signedAttrs = readAttributes(node, CONTEXT_0, true);
    signedAttrsDer = Uint8Array.from(raw(node));
    signedAttrsDer[0] = Tag.SET;
  }
  const algNode = items[i++];
  const signatureNode = items[i++];
  if (!algNode || !signatureNode) throw cmsInvalid('SignerInfo is missing the signature');
  const signatureAlgorithmOid = readAlgorithmOid(algNode);
  const signature = readOctetString(signatureNode);
  let unsignedAttrs = new Map<string, Node[]>();
  if (items[i]?.tag === CONTEXT_1) unsignedAttrs = readAttributes(items[i++]!, CONTEXT_1, false);
  if (i !== items.length) throw cmsInvalid('SignerInfo fields out of order');

  const si: ParsedSignerInfo = {
    version,
    sid,
    digestAlgorithmOid,
    signatureAlgorithmOid,
    signature,
    signedAttrsDer,
    signedAttrs,
    unsignedAttrs,
  };
  if (!signedAttrsDer) return si;

  // RFC 5652 5.3 and 11.1: with signed attributes, contentType and messageDigest are mandatory and
  // contentType must equal eContentType.
  const contentTypeNode = singleValue(signedAttrs, OID.contentType, 'content-type');
  const digestNode = singleValue(signedAttrs, OID.messageDigest, 'message-digest');
  if (!contentTypeNode || !digestNode)
    throw cmsInvalid('signed attributes lack content-type or message-digest');
  si.contentType = readOid(contentTypeNode);
  if (si.contentType !== eContentType) {
    throw cmsInvalid(`content-type attribute ${si.contentType} differs from eContentType ${eContentType}`);
  }
  si.messageDigest = readOctetString(digestNode);
  const timeNode = singleValue(signedAttrs, OID.signingTime, 'signing-time');
  if (timeNode) si.signingTime = readTime(timeNode);
  const v2 = singleValue(signedAttrs, OID.signingCertificateV2, 'signing-certificate-v2');
  if (v2) si.signingCertificateV2 = parseSigningCertificateV2(v2);
  const v1 = singleValue(signedAttrs, OID.signingCertificate, 'signing-certificate');
  if (v1) si.signingCertificateV1 = parseSigningCertificateV1(v1);
  return si;
}
