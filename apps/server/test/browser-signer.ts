// A signer as a browser is one: a WebCrypto ECDSA P-256 key, a PKCS#10 request it signs itself, and
// r‖s signatures over the bytes the server hands out. Extractable here only so tests can search the
// server's database and files for the private key afterwards.
import { webcrypto } from 'node:crypto';
import { bitString, ecdsaRawToDer, integer, OID, oid, sequence, tlv } from '@openseal/pki';

export interface BrowserSigner {
  /** PKCS#10 DER signed by the key (empty subject: the server names the signer). */
  csr: Uint8Array;
  /** r‖s over `data` with SHA-256, as SubtleCrypto.sign answers. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The private scalar d, to prove it is nowhere on the server. */
  privateScalar: Buffer;
}

export async function browserSigner(): Promise<BrowserSigner> {
  const { subtle } = webcrypto;
  const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
  const sign = async (data: Uint8Array) =>
    new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data));
  const info = sequence(integer(0), sequence(), spki, tlv(0xa0, new Uint8Array(0)));
  const csr = sequence(info, sequence(oid(OID.ecdsaWithSHA256)), bitString(ecdsaRawToDer(await sign(info))));
  const jwk = await subtle.exportKey('jwk', keys.privateKey);
  return { csr, sign, privateScalar: Buffer.from(jwk.d as string, 'base64url') };
}
