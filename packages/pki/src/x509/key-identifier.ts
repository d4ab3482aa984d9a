import { createHash } from 'node:crypto';
import { expectSequence, type Node, parseDer, readBitString } from '../asn1/der.ts';

/** subjectPublicKey bits (no unused-bits byte) of a SubjectPublicKeyInfo DER. */
export function spkiPublicKeyBits(spkiDer: Uint8Array): Uint8Array {
  const [, bits] = expectSequence(parseDer(spkiDer), 2, 2) as [Node, Node];
  return readBitString(bits).bytes;
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(publicKeyBits: Uint8Array): Uint8Array {
  return createHash('sha1').update(publicKeyBits).digest();
}
