// SM2 signatures (GB/T 32918.2-2016 / GM/T 0003.2) with SM3 (GB/T 32905-2016) and the standard user ID.
// node:crypto's own SM2 signs with an empty user ID and cannot be told otherwise, so nothing it makes
// interoperates: signing uses @noble/curves (constant-time base-point multiplication over precomputed
// tables), verification the variable-time window tables of sm2-curve.ts, hashing node:crypto's native
// SM3, and keys stay node KeyObjects (PKCS#8 / SPKI with id-ecPublicKey and the SM2 curve OID, as
// BouncyCastle and OpenSSL write them).

import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { weierstrassN } from '@noble/curves/abstract/weierstrass';
import {
  bitString,
  expectSequence,
  integer,
  type Node,
  octetString,
  oid,
  parseDer,
  readBitString,
  readInteger,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  tlv,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { type AffinePoint, SM2_N, sm2EquationHolds, WindowTable } from './sm2-curve.ts';

/** GM/T 0009-2012 / GB/T 35276-2017: the default user ID, which every interoperable SM2 signature uses. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// GB/T 32918.5-2017: the recommended 256-bit curve.
const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: SM2_N,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
const N = CURVE.n;
const Point = weierstrassN(CURVE);
type Point = InstanceType<typeof Point>;
Point.BASE.precompute(8, false);

/** The fixed part of Z (GB/T 32918.2 5.5): ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG for the standard ID. */
const Z_PREFIX = Buffer.concat([
  Buffer.from([0x00, SM2_DEFAULT_USER_ID.length * 8]),
  Buffer.from(SM2_DEFAULT_USER_ID, 'ascii'),
  toBytes32(CURVE.a),
  toBytes32(CURVE.b),
  toBytes32(CURVE.Gx),
  toBytes32(CURVE.Gy),
]);

/** An SM2 public key ready for use: the point, its Z value, how often it verified, its window tables. */
interface Sm2Public {
  point: Point;
  affine: AffinePoint;
  z: Buffer;
  verifications: number;
  narrow?: WindowTable;
  wide?: WindowTable;
}

/** An SM2 private key ready for signing: d, (1 + d)⁻¹ mod n, and the public part. */
interface Sm2Private {
  d: bigint;
  inv1d: bigint;
  pub: Sm2Public;
}

const publicCache = new WeakMap<KeyObject, Sm2Public>();
const privateCache = new WeakMap<KeyObject, Sm2Private>();
// Each parsed certificate brings its own KeyObject, so public keys are also kept by their bytes: the
// seal, TSA and OCSP keys of a deployment verify thousands of documents. Bounded, oldest out first.
const publicByBytes = new Map<string, Sm2Public>();
const PUBLIC_CACHE_SIZE = 256;
// Window tables for tP, in units of a verification without one: with a 4-bit table (≈ 60 KB) a
// verification costs ≈ 0.3 and the table ≈ 10 to build, so a key gets one at its 8th verification; with
// an 8-bit table (≈ 400 KB) ≈ 0.2, and it costs ≈ 35, so only the keys that verify most (the seal, TSA and
// OCSP keys of a deployment) get one, at their 256th verification, and at most WIDE_KEYS keys at a time.
const NARROW_BITS = 4;
const NARROW_FROM = 8;
const WIDE_BITS = 8;
const WIDE_FROM = 256;
const WIDE_KEYS = 16;
const wideKeys: Sm2Public[] = [];

/** True for a node KeyObject holding an SM2 key (id-ecPublicKey with the SM2 curve). */
export function isSm2Key(key: KeyObject): boolean {
  if (publicCache.has(key)) return true;
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ed25519') return false;
  if (key.asymmetricKeyType === 'ec') return key.asymmetricKeyDetails?.namedCurve === 'SM2';
  try {
    return spkiCurve(publicDer(key)) === OID.sm2;
  } catch {
    return false;
  }
}

/** A fresh SM2 key pair as node KeyObjects (PKCS#8 / SPKI export as any other key). */
export function generateSm2KeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  let d: bigint;
  do d = BigInt(`0x${randomBytes(32).toString('hex')}`);
  while (d === 0n || d >= N - 1n); // GB/T 32918.1 6.1: d ∈ [1, n−2]
  return sm2KeyPairFromScalar(d);
}

/** The key pair of a known private scalar (test vectors, keys imported as raw scalars). */
export function sm2KeyPairFromScalar(d: bigint): { privateKey: KeyObject; publicKey: KeyObject } {
  if (d <= 0n || d >= N - 1n) throw new PkiError('ERR_KEY_UNSUPPORTED', 'SM2 private key out of range');
  const q = Point.BASE.multiply(d).toRawBytes(false);
  const curve = sequence(oid(OID.ecPublicKey), oid(OID.sm2));
  // RFC 5915 3 ECPrivateKey inside RFC 5208 PrivateKeyInfo; the curve is named once, in the outer one.
  const ecPrivateKey = sequence(integer(1), octetString(toBytes32(d)), tlv(0xa1, bitString(q)));
  const pkcs8 = sequence(integer(0), curve, octetString(ecPrivateKey));
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({
    key: Buffer.from(sequence(curve, bitString(q))),
    format: 'der',
    type: 'spki',
  });
  return { privateKey, publicKey };
}

/** SM3 digest (native). */
export function sm3(data: Uint8Array): Buffer {
  return createHash('sm3').update(data).digest();
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the standard user ID (GB/T 32918.2 5.5). */
export function sm2Z(publicKey: KeyObject): Buffer {
  return publicOf(publicKey).z;
}

/** e = SM3(Z ‖ M): the value an SM2 signature over `data` signs (GB/T 32918.2 6.1 A1–A2). */
export function sm2Digest(publicKey: KeyObject, data: Uint8Array): Buffer {
  return createHash('sm3').update(publicOf(publicKey).z).update(data).digest();
}

/**
 * Reads an SM2 private key once (scalar, (1 + d)⁻¹, public point, Z) and checks it matches its public
 * key; later signatures with the same KeyObject reuse this. Throws ERR_KEY_UNSUPPORTED otherwise.
 */
export function prepareSm2PrivateKey(privateKey: KeyObject): void {
  privateOf(privateKey);
}

/** SM2 signature over `data` with the standard user ID, as DER SM2Signature ::= SEQUENCE { r, s }. */
export function sm2Sign(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  const key = privateOf(privateKey);
  const e = toBigInt(createHash('sm3').update(key.pub.z).update(data).digest());
  for (;;) {
    const k = randomScalar();
    const x1 = Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1);
    if (r === 0n || r + k === N) continue;
    const s = mod(key.inv1d * mod(k - r * key.d));
    if (s === 0n) continue;
    return sequence(integer(r), integer(s));
  }
}

/** Verifies a DER SM2 signature over `data` with the standard user ID. False for any malformed input. */
export function sm2Verify(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  let r: bigint;
  let s: bigint;
  try {
    const [rNode, sNode] = expectSequence(parseDer(signature), 2, 2) as [Node, Node];
    r = readInteger(rNode);
    s = readInteger(sNode);
  } catch {
    return false;
  }
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const t = mod(r + s);
  if (t === 0n) return false;
  const pub = publicOf(publicKey);
  const e = toBigInt(createHash('sm3').update(pub.z).update(data).digest());
  // (e + x1) mod n = r, x1 the x of s·G + t·P, is x1 ≡ r − e (mod n).
  return sm2EquationHolds(s, t, verificationTable(pub), mod(r - e));
}

/** The table (or the bare point) a key verifies with, built once the key has proven to be reused. */
function verificationTable(pub: Sm2Public): AffinePoint | WindowTable {
  const count = ++pub.verifications;
  if (count === NARROW_FROM) pub.narrow = WindowTable.of(pub.affine, NARROW_BITS);
  if (count === WIDE_FROM) {
    pub.wide = WindowTable.of(pub.affine, WIDE_BITS);
    wideKeys.push(pub);
    if (wideKeys.length > WIDE_KEYS) wideKeys.shift()!.wide = undefined;
  }
  return pub.wide ?? pub.narrow ?? pub.affine;
}

function privateOf(key: KeyObject): Sm2Private {
  let cached = privateCache.get(key);
  if (!cached) {
    if (key.type !== 'private' || !isSm2Key(key))
      throw new PkiError('ERR_KEY_UNSUPPORTED', 'an SM2 private key is required');
    const d = readPkcs8Scalar(key.export({ type: 'pkcs8', format: 'der' }));
    const pub = publicOf(createPublicKey(key));
    // GB/T 32918.1 6.1: d ∈ [1, n−2]; d = n−1 would make 1 + d non-invertible.
    if (d <= 0n || d >= N - 1n) throw new PkiError('ERR_KEY_UNSUPPORTED', 'SM2 private key out of range');
    if (!Point.BASE.multiply(d).equals(pub.point))
      throw new PkiError('ERR_KEY_UNSUPPORTED', 'SM2 private key does not match its public key');
    cached = { d, inv1d: invert(d + 1n), pub };
    privateCache.set(key, cached);
  }
  return cached;
}

function publicOf(key: KeyObject): Sm2Public {
  let cached = publicCache.get(key);
  if (!cached) {
    const spki = publicDer(key);
    const id = spki.toString('hex');
    cached = publicByBytes.get(id) ?? readPublic(spki);
    publicByBytes.delete(id);
    publicByBytes.set(id, cached);
    if (publicByBytes.size > PUBLIC_CACHE_SIZE) publicByBytes.delete(publicByBytes.keys().next().value!);
    publicCache.set(key, cached);
  }
  return cached;
}

function readPublic(spki: Buffer): Sm2Public {
  if (spkiCurve(spki) !== OID.sm2) throw new PkiError('ERR_KEY_UNSUPPORTED', 'an SM2 public key is required');
  const [, bits] = expectSequence(parseDer(spki), 2, 2) as [Node, Node];
  let point: Point;
  try {
    point = Point.fromHex(readBitString(bits).bytes);
    point.assertValidity();
  } catch (cause) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'SM2 public key is not a point of the curve', { cause });
  }
  const xy = point.toRawBytes(false).subarray(1);
  const z = createHash('sm3').update(Z_PREFIX).update(xy).digest();
  return { point, affine: point.toAffine(), z, verifications: 0 };
}

function publicDer(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' });
}

/** The namedCurve OID of an EC SubjectPublicKeyInfo. */
function spkiCurve(spki: Uint8Array): string | undefined {
  const [alg] = expectSequence(parseDer(spki), 2, 2) as [Node];
  const [algOid, params] = expectSequence(alg, 1, 2) as [Node, Node | undefined];
  if (readOid(algOid) !== OID.ecPublicKey || !params || params.tag !== 0x06) return undefined;
  return readOid(params);
}

function readPkcs8Scalar(pkcs8: Uint8Array): bigint {
  const [, , keyNode] = expectSequence(parseDer(pkcs8), 3, 4) as [Node, Node, Node];
  const [version, secret] = expectSequence(parseDer(readOctetString(keyNode)), 2, 4) as [Node, Node];
  if (readSmallInteger(version) !== 1)
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'unknown ECPrivateKey version');
  return toBigInt(readOctetString(secret));
}

function randomScalar(): bigint {
  for (;;) {
    const k = toBigInt(randomBytes(32));
    if (k > 0n && k < N) return k;
  }
}

function mod(a: bigint): bigint {
  const r = a % N;
  return r < 0n ? r + N : r;
}

/** a⁻¹ mod n by Fermat (n is prime). */
function invert(a: bigint): bigint {
  let result = 1n;
  let base = mod(a);
  let exp = N - 2n;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % N;
    base = (base * base) % N;
    exp >>= 1n;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

function toBytes32(v: bigint): Buffer {
  return Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
}
