// A PKCS#10 certification request (RFC 2986) for the signer's browser key, built and signed in the
// browser so the private key never leaves it. Only the few DER shapes a CSR needs are encoded here.

/** DER length octets (X.690 8.1.3): short form below 128, else 0x80|n followed by n big-endian bytes. */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One TLV: the tag byte, the length, then the contents. */
export function der(tag: number, ...contents: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(contents);
  return concat([Uint8Array.of(tag), derLength(body.length), body]);
}

const sequence = (...contents: readonly Uint8Array[]) => der(0x30, ...contents);

/**
 * A non-negative INTEGER from its big-endian magnitude (X.690 8.3.2): leading zero bytes dropped,
 * one 0x00 put back when the high bit is set so it does not read as negative.
 */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  return der(0x02, (trimmed[0] ?? 0) & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed);
}

/** An OBJECT IDENTIFIER from its dotted form (X.690 8.19): arcs in base 128, high bit = more to come. */
export function derOid(dotted: string): Uint8Array<ArrayBuffer> {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift((n % 128) | 0x80);
    bytes.push(...groups);
  }
  return der(0x06, Uint8Array.from(bytes));
}

/**
 * WebCrypto's ECDSA signature is r‖s, each as wide as the curve (IEEE P1363); X.509 and CMS want
 * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3).
 */
export function ecdsaSignatureToDer(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new Error('an r‖s signature has two equal halves');
  const half = raw.length / 2;
  return sequence(derUnsignedInteger(raw.subarray(0, half)), derUnsignedInteger(raw.subarray(half)));
}

/** ecdsa-with-SHA256 (RFC 5758 3.2): its AlgorithmIdentifier has no parameters at all. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/**
 * A DER CSR for an ECDSA P-256 key pair, signed by its own private key. The subject is left empty:
 * the server names it from the signed-in, verified identity, never from what the browser claims.
 */
export async function certificationRequest(
  keys: CryptoKeyPair,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<Uint8Array<ArrayBuffer>> {
  const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
  // RFC 2986 4.1: CertificationRequestInfo ::= SEQUENCE { version 0, subject, subjectPKInfo,
  // attributes [0] IMPLICIT SET OF (empty here) }.
  const info = sequence(derUnsignedInteger(Uint8Array.of(0)), sequence(), spki, Uint8Array.of(0xa0, 0x00));
  const raw = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, info));
  // BIT STRING: a leading 0 says no unused bits in the last byte (X.690 8.6.2).
  const signature = der(0x03, Uint8Array.of(0), ecdsaSignatureToDer(raw));
  return sequence(info, sequence(derOid(ECDSA_WITH_SHA256)), signature);
}
