// The state kept between prepareSignature and completeSignature: plain data (byte arrays, numbers, a
// level), so that a caller can store it in a database and file storage between two requests. Read back,
// it is checked against itself before anything is built on it.

import { Certificate } from '@openseal/pki';
import { digestByteRange, type PreparedFile } from './byte-range.ts';
import { padesSignedAttributes } from './pades-cms.ts';
import { SignError } from './sign-error.ts';
import { LEVELS } from './sign-option-checks.ts';
import type { PadesLevel } from './sign-options.ts';

/** Who signs with a key held elsewhere: a signer's browser (WebCrypto) or a hardware token. */
export interface ExternalSignerInfo {
  certificate: Certificate;
  /** Issuing CA … root; embedded in the CMS and in the DSS. */
  chain: readonly Certificate[];
  keyType: 'ec' | 'rsa';
  /** What the key hashes toBeSigned with, as WebCrypto's ECDSA P-256 and RSASSA-PKCS1-v1_5 do. */
  digestAlgorithm: 'sha256';
}

/** A signature's revision written with an empty /Contents, and what the key must sign for it. */
export interface PreparedSignature {
  /** The whole prepared PDF, /ByteRange patched, /Contents still zeros. */
  readonly file: Uint8Array;
  /** Offset of '<' of /Contents. */
  readonly contentsStart: number;
  /** Offset just past '>' of /Contents. */
  readonly contentsEnd: number;
  /** DER SET OF signed attributes: what the key signs (hashing it with SHA-256 itself). */
  readonly toBeSigned: Uint8Array;
  /** SHA-256 of the file but /Contents (ISO 32000-2 12.8.1), the messageDigest inside toBeSigned. */
  readonly documentDigest: Uint8Array;
  readonly level: PadesLevel;
  /** The signer's certificate, DER. */
  readonly certificate: Uint8Array;
  /** Issuing CA … root, DER. */
  readonly chain: readonly Uint8Array[];
}

/** A PreparedSignature read back and found consistent. */
export interface OpenedSignature {
  readonly file: PreparedFile;
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  readonly keyType: 'ec' | 'rsa';
}

const changed = (what: string, cause?: unknown) =>
  new SignError(
    'ERR_SIGN_PREPARED_CHANGED',
    `the prepared signature cannot be completed: ${what}; prepare the document again`,
    cause === undefined ? undefined : { cause },
  );

const ZERO = 0x30;
const LT = 0x3c;
const GT = 0x3e;

/**
 * Checks the stored state against itself: the placeholder is where it says and still empty, the file
 * hashes to documentDigest, and toBeSigned is the signed attributes over that digest for the certificate.
 * Every byte of the file is covered: the hash outside /Contents, the zero check inside. Throws
 * ERR_SIGN_PREPARED_CHANGED.
 */
export function openPrepared(p: PreparedSignature): OpenedSignature {
  const { file: bytes, contentsStart: start, contentsEnd: end } = p;
  if (!(bytes instanceof Uint8Array) || !Number.isInteger(start) || !Number.isInteger(end)) {
    throw changed('its file or /Contents offsets are missing');
  }
  if (!(start > 0 && end <= bytes.length && end - start >= 4 && (end - start) % 2 === 0)) {
    throw changed('the /Contents offsets do not fit the file');
  }
  if (bytes[start] !== LT || bytes[end - 1] !== GT || !allZeroDigits(bytes, start + 1, end - 1)) {
    throw changed('the /Contents placeholder is not an empty hex string at the stored offsets');
  }
  if (!LEVELS.includes(p.level)) throw changed(`the level ${String(p.level)} is unknown`);
  const file: PreparedFile = {
    bytes,
    contentsStart: start,
    contentsEnd: end,
    capacity: (end - start - 2) / 2,
  };

  const digest = digestByteRange(file, 'sha256');
  if (!equal(digest, p.documentDigest)) {
    throw changed('the file was changed after it was prepared (its digest is not the one to be signed)');
  }
  let certificate: Certificate;
  let chain: Certificate[];
  try {
    certificate = Certificate.fromDer(p.certificate);
    chain = p.chain.map((c) => Certificate.fromDer(c));
  } catch (e) {
    throw changed('a stored certificate cannot be read', e);
  }
  const keyType = certificate.keyType;
  if (keyType !== 'ec' && keyType !== 'rsa') throw changed(`the certificate's key is ${keyType}`);
  if (!equal(padesSignedAttributes(certificate, 'sha256', digest), p.toBeSigned)) {
    throw changed('toBeSigned is not the signed attributes of this file and certificate');
  }
  return { file, certificate, chain, keyType };
}

/** Whether bytes[from, to) are all ASCII '0': a plain loop, a callback per byte cost more than the hash. */
function allZeroDigits(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== ZERO) return false;
  return true;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return b instanceof Uint8Array && a.length === b.length && Buffer.compare(a, b) === 0;
}
