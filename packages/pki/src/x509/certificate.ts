import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
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
import { type ParsedExtension, parseExtensions } from './extension.ts';
import {
  checkOcspNoCheck,
  decodeAuthorityInfoAccess,
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeExtKeyUsage,
  decodeKeyUsage,
  decodeSubjectAltEmails,
  decodeSubjectKeyId,
} from './extension-decoders.ts';
import type { KeyUsageName } from './key-usage.ts';
import { type DistinguishedName, parseName } from './name.ts';
import { fromPem, toPem } from './pem.ts';

/**
 * KeyObjects by SubjectPublicKeyInfo bytes, so that every parse of one certificate (each verified
 * document carries its chain anew) shares one key: node's SPKI decoding costs about as much as an SM2
 * verification, and the SM2 code keeps its per-key tables on the KeyObject. Bounded; oldest out first.
 */
const KEY_CACHE_SIZE = 256;
const keysBySpki = new Map<string, KeyObject>();
function publicKeyOf(spki: Uint8Array): KeyObject {
  const id = Buffer.from(spki.buffer, spki.byteOffset, spki.length).toString('hex');
  let key = keysBySpki.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (keysBySpki.size >= KEY_CACHE_SIZE) keysBySpki.delete(keysBySpki.keys().next().value!);
    keysBySpki.set(id, key);
  }
  return key;
}

export type { KeyUsageName } from './key-usage.ts';

/** Extension fields a Certificate exposes, filled while parsing. */
interface ExtensionFields {
  keyUsage?: ReadonlySet<KeyUsageName>;
  extKeyUsage?: readonly string[];
  extKeyUsageCritical: boolean;
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
  ocspUrls: readonly string[];
  caIssuerUrls: readonly string[];
  crlUrls: readonly string[];
  emailAddresses: readonly string[];
  policies: readonly string[];
  ocspNoCheck: boolean;
  criticalExtensions: readonly string[];
}

function readExtensionFields(extensions: readonly ParsedExtension[]): ExtensionFields {
  const f: ExtensionFields = {
    extKeyUsageCritical: false,
    ocspUrls: [],
    caIssuerUrls: [],
    crlUrls: [],
    emailAddresses: [],
    policies: [],
    ocspNoCheck: false,
    criticalExtensions: extensions.filter((e) => e.critical).map((e) => e.oid),
  };
  for (const ext of extensions) {
    switch (ext.oid) {
      case OID.keyUsage:
        f.keyUsage = decodeKeyUsage(ext.value);
        break;
      case OID.extKeyUsage:
        f.extKeyUsage = decodeExtKeyUsage(ext.value);
        f.extKeyUsageCritical = ext.critical;
        break;
      case OID.basicConstraints:
        f.basicConstraints = decodeBasicConstraints(ext.value);
        break;
      case OID.subjectKeyIdentifier:
        f.subjectKeyId = decodeSubjectKeyId(ext.value);
        break;
      case OID.authorityKeyIdentifier:
        f.authorityKeyId = decodeAuthorityKeyId(ext.value);
        break;
      case OID.authorityInfoAccess: {
        const aia = decodeAuthorityInfoAccess(ext.value);
        f.ocspUrls = aia.ocsp;
        f.caIssuerUrls = aia.caIssuers;
        break;
      }
      case OID.cRLDistributionPoints:
        f.crlUrls = decodeCrlDistributionPoints(ext.value);
        break;
      case OID.subjectAltName:
        f.emailAddresses = decodeSubjectAltEmails(ext.value);
        break;
      case OID.certificatePolicies:
        f.policies = decodeCertificatePolicies(ext.value);
        break;
      case OID.ocspNoCheck:
        checkOcspNoCheck(ext.value);
        f.ocspNoCheck = true;
        break;
    }
  }
  return f;
}

function invalid(message: string): PkiError {
  return new PkiError('ERR_CERT_INVALID', message);
}

/**
 * An X.509 v1-v3 certificate (RFC 5280 4.1), parsed once with the DER reader. All byte fields are
 * views into `der`, so passing them on costs nothing.
 */
export class Certificate {
  readonly der: Uint8Array;
  readonly tbsDer: Uint8Array;
  readonly version: number;
  readonly serialNumber: bigint;
  readonly serialHex: string;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spkiDer: Uint8Array;
  /** subjectPublicKey BIT STRING contents without the unused-bits byte (OCSP issuerKeyHash, SKI). */
  readonly publicKeyBitString: Uint8Array;
  readonly publicKeyAlgorithmOid: string;
  readonly keyType: 'rsa' | 'ec' | 'sm2' | 'other';
  readonly signatureAlgorithmOid: string;
  readonly signatureValue: Uint8Array;
  readonly keyUsage?: ReadonlySet<KeyUsageName>;
  readonly extKeyUsage?: readonly string[];
  readonly extKeyUsageCritical: boolean;
  readonly basicConstraints?: { ca: boolean; pathLength?: number };
  readonly subjectKeyId?: Uint8Array;
  readonly authorityKeyId?: Uint8Array;
  readonly ocspUrls: readonly string[];
  readonly caIssuerUrls: readonly string[];
  readonly crlUrls: readonly string[];
  /** rfc822Name entries of subjectAltName. */
  readonly emailAddresses: readonly string[];
  /** certificatePolicies' identifiers (4.2.1.4), in order; empty without the extension. */
  readonly policies: readonly string[];
  readonly ocspNoCheck: boolean;
  /** OIDs of the critical extensions, so a validator can reject the ones it does not process. */
  readonly criticalExtensions: readonly string[];

  #publicKey: KeyObject | undefined;
  /** Issuers whose signature on this certificate was checked, with the result. */
  readonly #issuedBy = new WeakMap<Certificate, boolean>();

  private constructor(der: Uint8Array) {
    this.der = der;
    const [tbs, sigAlg, sigValue] = expectSequence(parseDer(der), 3, 3) as [Node, Node, Node];
    this.tbsDer = raw(tbs);
    this.signatureAlgorithmOid = readAlgorithmOid(sigAlg);
    const sig = readBitString(sigValue);
    if (sig.unusedBits !== 0) throw invalid('signature BIT STRING has unused bits');
    this.signatureValue = sig.bytes;

    const fields = expectSequence(tbs, 6, 10);
    let i = 0;
    this.version = 1;
    if (fields[0]!.tag === 0xa0) {
      const [v] = expectSequence(fields[0]!, 1, 1, 0xa0) as [Node];
      this.version = readSmallInteger(v) + 1;
      if (this.version < 2 || this.version > 3)
        throw invalid(`unsupported certificate version ${this.version}`);
      i = 1;
    }
    const next = (): Node => {
      const n = fields[i++];
      if (!n) throw invalid('TBSCertificate is missing fields');
      return n;
    };
    this.serialNumber = readInteger(next());
    this.serialHex = this.serialNumber.toString(16);
    // RFC 5280 4.1.1.2: the signature field inside TBSCertificate must match the outer algorithm.
    const innerAlg = next();
    if (compareBytes(raw(innerAlg), raw(sigAlg)) !== 0)
      throw invalid('inner and outer signature algorithms differ');
    const issuerNode = next();
    this.issuerDer = raw(issuerNode);
    this.issuer = parseName(issuerNode);
    const [nb, na] = expectSequence(next(), 2, 2) as [Node, Node];
    this.notBefore = readTime(nb);
    this.notAfter = readTime(na);
    const subjectNode = next();
    this.subjectDer = raw(subjectNode);
    this.subject = parseName(subjectNode);
    const spki = next();
    this.spkiDer = raw(spki);
    const [keyAlg, keyBits] = expectSequence(spki, 2, 2) as [Node, Node];
    this.publicKeyAlgorithmOid = readAlgorithmOid(keyAlg);
    this.publicKeyBitString = readBitString(keyBits).bytes;
    this.keyType = readKeyType(keyAlg);

    let extensions: ParsedExtension[] = [];
    for (; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.tag === 0x81 || f.tag === 0x82) continue; // issuerUniqueID, subjectUniqueID (4.1.2.8)
      if (f.tag !== 0xa3 || this.version !== 3)
        throw invalid(`unexpected TBSCertificate field tag 0x${f.tag.toString(16)}`);
      if (i !== fields.length - 1) throw invalid('extensions must be the last TBSCertificate field');
      extensions = parseExtensions(expectSequence(f, 1, 1, 0xa3)[0]!);
    }
    const ext = readExtensionFields(extensions);
    this.keyUsage = ext.keyUsage;
    this.extKeyUsage = ext.extKeyUsage;
    this.extKeyUsageCritical = ext.extKeyUsageCritical;
    this.basicConstraints = ext.basicConstraints;
    this.subjectKeyId = ext.subjectKeyId;
    this.authorityKeyId = ext.authorityKeyId;
    this.ocspUrls = ext.ocspUrls;
    this.caIssuerUrls = ext.caIssuerUrls;
    this.crlUrls = ext.crlUrls;
    this.emailAddresses = ext.emailAddresses;
    this.policies = ext.policies;
    this.ocspNoCheck = ext.ocspNoCheck;
    this.criticalExtensions = ext.criticalExtensions;
  }

  /** Parses one DER certificate (the bytes are copied). Throws ERR_ASN1_MALFORMED or ERR_CERT_INVALID. */
  static fromDer(der: Uint8Array): Certificate {
    return new Certificate(Uint8Array.from(der));
  }

  /** Every CERTIFICATE block of `pem`, in order; throws ERR_CERT_INVALID when there is none. */
  static fromPem(pem: string): Certificate[] {
    const blocks = fromPem('CERTIFICATE', pem);
    if (blocks.length === 0) throw invalid('no CERTIFICATE block in PEM text');
    return blocks.map((der) => new Certificate(der));
  }

  /** The subject public key; created on first use, throws ERR_KEY_UNSUPPORTED if node cannot load it. */
  get publicKey(): KeyObject {
    if (!this.#publicKey) {
      try {
        this.#publicKey = publicKeyOf(this.spkiDer);
      } catch (cause) {
        throw new PkiError('ERR_KEY_UNSUPPORTED', `cannot load public key (${this.publicKeyAlgorithmOid})`, {
          cause,
        });
      }
    }
    return this.#publicKey;
  }

  get commonName(): string | undefined {
    return this.subject.find((a) => a.type === 'CN')?.value;
  }

  get organization(): string | undefined {
    return this.subject.find((a) => a.type === 'O')?.value;
  }

  /** Subject and issuer names are identical (RFC 5280 6.1: compared here byte for byte). */
  isSelfIssued(): boolean {
    return compareBytes(this.issuerDer, this.subjectDer) === 0;
  }

  /** Issuer name matches `issuer`'s subject and `issuer`'s key verifies this certificate's signature. */
  isIssuedBy(issuer: Certificate): boolean {
    const cached = this.#issuedBy.get(issuer);
    if (cached !== undefined) return cached;
    let ok = compareBytes(this.issuerDer, issuer.subjectDer) === 0;
    if (ok) {
      try {
        ok = verifySignature(this.signatureAlgorithmOid, issuer.publicKey, this.tbsDer, this.signatureValue);
      } catch (e) {
        // An algorithm or key we cannot process cannot vouch for this certificate.
        if (!(e instanceof PkiError)) throw e;
        ok = false;
      }
    }
    this.#issuedBy.set(issuer, ok);
    return ok;
  }

  /** notBefore <= date <= notAfter (RFC 5280 4.1.2.5: both bounds inclusive). */
  isValidAt(date: Date): boolean {
    const t = date.getTime();
    return t >= this.notBefore.getTime() && t <= this.notAfter.getTime();
  }

  fingerprint(alg: 'sha1' | 'sha256' = 'sha256'): string {
    return createHash(alg).update(this.der).digest('hex');
  }

  toPem(): string {
    return toPem('CERTIFICATE', this.der);
  }
}

/** rsa, ec, or sm2: id-ecPublicKey with the SM2 curve (sm2p256v1), as GM/T 0015 certificates name it. */
function readKeyType(keyAlg: Node): Certificate['keyType'] {
  const [id, params] = expectSequence(keyAlg, 1, 2) as [Node, Node | undefined];
  const alg = readOid(id);
  if (alg === OID.rsaEncryption) return 'rsa';
  if (alg !== OID.ecPublicKey) return 'other';
  return params?.tag === Tag.OID && readOid(params) === OID.sm2 ? 'sm2' : 'ec';
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
function readAlgorithmOid(node: Node): string {
  const [id] = expectSequence(node, 1, 2) as [Node];
  return readOid(id);
}
