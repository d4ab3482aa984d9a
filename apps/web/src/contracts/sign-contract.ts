import { type ContractDetail, routes, type SignatureAppearance } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';
import { fromBase64, toBase64 } from './base64.ts';
import { certificationRequest } from './csr.ts';
import type { TokenHelper } from './token-client.ts';

/** Where a signature is on its way, for the person watching the button. */
export type SigningStep = 'key' | 'certificate' | 'prepare' | 'sign' | 'complete';

/** A key the signer holds: in this browser or on their UKey. The page never sees its private half. */
export interface SignerKey {
  /** A DER PKCS#10 request with an empty subject, signed by the key (RFC 2986). */
  certificationRequest(): Promise<Uint8Array>;
  /** SHA-256 of `data`, signed: r‖s for ECDSA (IEEE P1363), PKCS#1 v1.5 for RSA. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A WebCrypto key pair of this browser (its private key non-extractable). */
export const browserSignerKey = (
  keys: CryptoKeyPair,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): SignerKey => ({
  certificationRequest: () => certificationRequest(keys, subtle),
  sign: async (data) =>
    new Uint8Array(
      await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data as Uint8Array<ArrayBuffer>),
    ),
});

/** A key on the signer's UKey, used through `openseal token-helper` on their computer. */
export const tokenSignerKey = (helper: TokenHelper, keyId: string): SignerKey => ({
  certificationRequest: () => helper.csr(keyId),
  sign: (data) => helper.sign(keyId, data),
});

/**
 * Signs a contract with a key the signer holds: the server certifies the key from its request
 * (naming the subject from the signed-in identity), places the signature and hands back the signed
 * attributes; the key signs them on the signer's side and the server embeds the value. Only public
 * data crosses the wire. Called once the signer has said they read and agree (`consent`).
 */
export async function signContract(
  api: ApiClient,
  contractId: string,
  key: SignerKey,
  appearance: SignatureAppearance,
  onStep: (step: SigningStep) => void = () => undefined,
): Promise<ContractDetail> {
  const params = { id: contractId };
  onStep('certificate');
  const csr = await key.certificationRequest();
  const { certificate } = await api.call(routes.certifySignerKey, {
    params,
    body: { csr: toBase64(csr) },
  });
  onStep('prepare');
  const prepared = await api.call(routes.prepareContractSignature, {
    params,
    body: { certificate, appearance, consent: true },
  });
  onStep('sign');
  // RFC 5652 5.4: the signature is over the DER of the signed attributes, which the server built.
  const value = await key.sign(fromBase64(prepared.toBeSigned));
  onStep('complete');
  return api.call(routes.completeContractSignature, { params, body: { signature: toBase64(value) } });
}
