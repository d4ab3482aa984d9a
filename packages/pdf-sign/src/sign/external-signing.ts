// PAdES signing with a key held elsewhere (a signer's browser WebCrypto key, a hardware token), in two
// steps between which the caller keeps the state as plain data: prepareSignature writes the signature's
// revision and says what the key must sign; completeSignature checks the signature value and the file,
// then embeds the CMS and adds what the level needs, exactly as sign() does.

import { type KeyObject, verify } from 'node:crypto';
import { signatureAlgorithmIdentifier, type Timestamper } from '@openseal/pki';
import { digestByteRange, embedContents } from './byte-range.ts';
import { extendToLevel } from './long-term-levels.ts';
import { estimateContentsSize, padesSignedAttributes, padesSignedData } from './pades-cms.ts';
import { type ExternalSignerInfo, openPrepared, type PreparedSignature } from './prepared-signature.ts';
import { SignError } from './sign-error.ts';
import { checkDocumentOptions, checkLevel, checkLevelSources } from './sign-option-checks.ts';
import type { PrepareSignatureOptions, RevocationSource } from './sign-options.ts';
import { planSignature } from './signature-plan.ts';

export interface CompleteSignatureOptions {
  /** Required for B-T and above. */
  timestamper?: Timestamper;
  /** Required for B-LT and above. */
  revocation?: RevocationSource;
}

/**
 * Everything sign() does up to the CMS: the same checks, field, seal, signature dictionary and
 * placeholder, sized for the level's timestamp (the placeholder cannot grow once the key has signed).
 */
export async function prepareSignature(
  pdf: Uint8Array,
  signer: ExternalSignerInfo,
  options: PrepareSignatureOptions = {},
): Promise<PreparedSignature> {
  const level = options.level ?? 'B-T';
  checkLevel(level);
  checkSigner(signer);
  checkDocumentOptions(options, signer.keyType);
  const plan = await planSignature(pdf, options);
  const file = plan.write(options.contentsSize ?? estimateContentsSize(signer, level !== 'B-B'));
  const documentDigest = digestByteRange(file, signer.digestAlgorithm);
  return {
    file: file.bytes,
    contentsStart: file.contentsStart,
    contentsEnd: file.contentsEnd,
    toBeSigned: padesSignedAttributes(signer.certificate, signer.digestAlgorithm, documentDigest),
    documentDigest,
    level,
    certificate: signer.certificate.der,
    chain: signer.chain.map((c) => c.der),
  };
}

/**
 * The signed PDF: `signatureValue` (a DER Ecdsa-Sig-Value, RFC 3279 2.2.3, or an RSA PKCS#1 v1.5
 * signature) over prepared.toBeSigned, in the CMS, with the signature-time-stamp from B-T, the DSS from
 * B-LT and the document timestamp for B-LTA. Refuses a signature that does not verify with the
 * certificate's key (ERR_SIGN_BAD_SIGNATURE) and a prepared state that no longer holds together
 * (ERR_SIGN_PREPARED_CHANGED); `prepared` itself is never modified.
 */
export async function completeSignature(
  prepared: PreparedSignature,
  signatureValue: Uint8Array,
  options: CompleteSignatureOptions = {},
): Promise<Uint8Array> {
  checkLevelSources(prepared.level, options);
  const { file, certificate, chain, keyType } = openPrepared(prepared);
  if (!verifies(prepared.toBeSigned, certificate.publicKey, signatureValue)) {
    throw new SignError(
      'ERR_SIGN_BAD_SIGNATURE',
      keyType === 'ec'
        ? "the signature value does not verify with the signer certificate's key over what was prepared (an ECDSA signature must be DER: convert WebCrypto's r || s with ecdsaRawToDer)"
        : "the signature value does not verify with the signer certificate's key over what was prepared",
    );
  }
  const timestamper = prepared.level === 'B-B' ? undefined : options.timestamper;
  const cms = await padesSignedData(
    {
      certificate,
      chain,
      digestAlgorithm: 'sha256',
      signatureAlgorithm: signatureAlgorithmIdentifier(keyType, 'sha256'),
      signedAttributes: prepared.toBeSigned,
      signature: signatureValue,
    },
    timestamper,
  );
  // The caller's copy stays as prepared, so that a failure here or later leaves it usable.
  const signed = embedContents({ ...file, bytes: Uint8Array.from(file.bytes) }, cms);
  return extendToLevel(signed, prepared.level, {
    timestamper: options.timestamper,
    revocation: options.revocation,
    chain,
    digestAlgorithm: 'sha256',
  });
}

function checkSigner(s: ExternalSignerInfo): void {
  const fail = (msg: string) => {
    throw new SignError('ERR_SIGN_OPTIONS', msg);
  };
  if (s.keyType !== 'ec' && s.keyType !== 'rsa')
    fail(`an external signer signs with ec or rsa, not ${String(s.keyType)}`);
  if (s.digestAlgorithm !== 'sha256')
    fail(`an external signer hashes with sha256, not ${String(s.digestAlgorithm)}`);
  if (s.certificate.keyType !== s.keyType) {
    fail(`the signer certificate holds an ${s.certificate.keyType} key, not an ${s.keyType} key`);
  }
}

function verifies(data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  try {
    return verify('sha256', data, key, signature);
  } catch {
    // OpenSSL throws for some malformed signatures (bad DER, wrong length): they do not verify either.
    return false;
  }
}
