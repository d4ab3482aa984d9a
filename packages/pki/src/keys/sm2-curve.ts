// Variable-time arithmetic on the SM2 curve for signature verification, where every scalar and point is
// public. Verification is s·G + t·P. With a table of d·2^(w·i)·Q for every w-bit window i and signed digit
// d, a multiple of Q is one affine addition per window and no doubling at all: G gets an 8-bit table and a
// public key one when sm2.ts sees it reused; a key without one goes through a double-and-add shared with
// G's multiple (Shamir's trick). Points are Jacobian (X/Z², Y/Z³, Z = 0 for infinity) and are added to
// affine table points. BigInt reduction mod p costs as much as ten multiplications, so each coordinate's
// sum of products is reduced once, not each product; values stay within a few p of zero, signs included.
// Signing does not use this: its scalar is secret (sm2.ts multiplies it with @noble/curves' constant-time code).

/** GB/T 32918.5-2017: the field prime, group order and base point of the recommended curve. */
export const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;
const P = SM2_P;
const SCALAR_BITS = 256;

/** A point in affine coordinates, never the point at infinity. */
export interface AffinePoint {
  x: bigint;
  y: bigint;
}

/** A mutable Jacobian point; z === 0n is the point at infinity (z is always a reduced product or 0n/1n). */
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
}

/** d·2^(w·i)·Q for each window i and each digit d in 1 … 2^(w−1), affine, window after window. */
export class WindowTable {
  readonly half: number;

  private constructor(
    readonly bits: number,
    readonly xs: bigint[],
    readonly ys: bigint[],
  ) {
    this.half = 1 << (bits - 1);
  }

  /** Builds the table of `point` for w-bit windows (costs about (windows · 2^(w−1)) point additions). */
  static of(point: AffinePoint, bits: number): WindowTable {
    const half = 1 << (bits - 1);
    const windows = windowCount(bits);
    const points: Jacobian[] = [];
    let base: Jacobian = { x: point.x, y: point.y, z: 1n };
    for (let i = 0; i < windows; i++) {
      let multiple = base;
      points.push(multiple);
      for (let d = 2; d <= half; d++) {
        multiple = addJacobian(multiple, base);
        points.push(multiple);
      }
      base = { ...multiple };
      doubleInPlace(base); // 2 · 2^(w−1) · 2^(w·i)·Q = 2^(w·(i+1))·Q
    }
    const affine = toAffineAll(points);
    return new WindowTable(
      bits,
      affine.map((p) => p.x),
      affine.map((p) => p.y),
    );
  }
}

const BASE_BITS = 8;
const SHAMIR_BITS = 4;
const BASE: AffinePoint = { x: GX, y: GY };
let baseTable: WindowTable | undefined;
let baseMultiples: AffinePoint[] | undefined;

/**
 * Whether x(s·G + t·P) ≡ v (mod n), the SM2 verification equation with v = r − e (GB/T 32918.2 7.1 B5–B7).
 * `key` is P's window table, or P itself: then both products come from one shared double-and-add over
 * small tables, so that a process verifying once does not pay for G's 8-bit table (≈ 30 verifications).
 * False when the sum is the point at infinity.
 */
export function sm2EquationHolds(s: bigint, t: bigint, key: AffinePoint | WindowTable, v: bigint): boolean {
  const acc: Jacobian = { x: 0n, y: 1n, z: 0n };
  if (key instanceof WindowTable) {
    baseTable ??= WindowTable.of(BASE, BASE_BITS);
    addMultiple(acc, baseTable, s);
    addMultiple(acc, key, t);
  } else {
    baseMultiples ??= smallMultiples(BASE);
    shamirInto(acc, [baseMultiples, s], [smallMultiples(key), t]);
  }
  return xModNEquals(acc, v);
}

/** k·Q by double-and-add (for tests against another library). */
export function multiplyVariableTime(point: AffinePoint, k: bigint): AffinePoint | undefined {
  const acc: Jacobian = { x: 0n, y: 1n, z: 0n };
  shamirInto(acc, [smallMultiples(point), k]);
  return acc.z === 0n ? undefined : toAffineAll([acc])[0];
}

/** k·Q from a window table (for tests against another library). */
export function multiplyTabled(table: WindowTable, k: bigint): AffinePoint | undefined {
  const acc: Jacobian = { x: 0n, y: 1n, z: 0n };
  addMultiple(acc, table, k);
  return acc.z === 0n ? undefined : toAffineAll([acc])[0];
}

/** Adds k·Q to acc, one table point per non-zero signed digit. */
function addMultiple(acc: Jacobian, table: WindowTable, k: bigint): void {
  const digits = signedDigits(k, table.bits);
  for (let i = 0; i < digits.length; i++) {
    const d = digits[i]!;
    if (d === 0) continue;
    const at = i * table.half + Math.abs(d) - 1;
    const y = table.ys[at]!;
    addAffineInPlace(acc, table.xs[at]!, d > 0 ? y : -y);
  }
}

/** Q, 2Q, …, 2^(w−1)·Q for Shamir's double-and-add. */
function smallMultiples(point: AffinePoint): AffinePoint[] {
  const multiples: Jacobian[] = [{ x: point.x, y: point.y, z: 1n }];
  for (let d = 2; d <= 1 << (SHAMIR_BITS - 1); d++)
    multiples.push(addJacobian(multiples[d - 2]!, multiples[0]!));
  return toAffineAll(multiples);
}

/** acc (the point at infinity on entry) becomes Σ kᵢ·Qᵢ: signed windows, most significant first, shared doublings. */
function shamirInto(acc: Jacobian, ...terms: [multiples: AffinePoint[], k: bigint][]): void {
  const digits = terms.map(([, k]) => signedDigits(k, SHAMIR_BITS));
  for (let i = windowCount(SHAMIR_BITS) - 1; i >= 0; i--) {
    for (let b = 0; b < SHAMIR_BITS; b++) doubleInPlace(acc);
    for (let j = 0; j < terms.length; j++) {
      const d = digits[j]![i]!;
      if (d === 0) continue;
      const m = terms[j]![0][Math.abs(d) - 1]!;
      addAffineInPlace(acc, m.x, d > 0 ? m.y : -m.y);
    }
  }
}

function windowCount(bits: number): number {
  // A carry out of the top full window needs one more; 256 = 6·42 + 4 leaves room in the 43rd.
  return Math.floor(SCALAR_BITS / bits) + 1;
}

/** k (0 ≤ k < 2^256) as digits dᵢ ∈ [−2^(w−1), 2^(w−1)] with k = Σ dᵢ·2^(w·i), for w ≤ 8. */
function signedDigits(k: bigint, bits: number): Int32Array {
  const bytes = Buffer.from(k.toString(16).padStart(64, '0'), 'hex');
  const count = windowCount(bits);
  const digits = new Int32Array(count);
  const full = 1 << bits;
  let carry = 0;
  for (let i = 0; i < count; i++) {
    // The window's bits lie within two bytes (w ≤ 8); bytes[-1] past the top reads as 0.
    const pos = i * bits;
    const at = 31 - (pos >> 3);
    const word = (bytes[at] ?? 0) | ((bytes[at - 1] ?? 0) << 8);
    let d = ((word >> (pos & 7)) & (full - 1)) + carry;
    carry = 0;
    if (d > full >> 1) {
      d -= full;
      carry = 1;
    }
    digits[i] = d;
  }
  return digits;
}

/**
 * acc += (x2, y2), an affine point (madd: 8M + 3S), with sums of products reduced once: 7 reductions
 * instead of 11, 15 % faster.
 */
function addAffineInPlace(acc: Jacobian, x2: bigint, y2: bigint): void {
  const { x: x1, y: y1, z: z1 } = acc;
  if (z1 === 0n) {
    acc.x = x2;
    acc.y = y2;
    acc.z = 1n;
    return;
  }
  const z1z1 = (z1 * z1) % P;
  const h = (x2 * z1z1 - x1) % P;
  const r = (y2 * z1 * z1z1 - y1) % P;
  const z3 = (z1 * h) % P;
  if (z3 === 0n) {
    // Same x: the same point (double it) or its negation (the sum is infinity).
    if (r === 0n) doubleInPlace(acc);
    else acc.z = 0n;
    return;
  }
  const hh = (h * h) % P;
  const x1hh = x1 * hh;
  const hhh = h * hh;
  const x3 = (r * r - hhh - 2n * x1hh) % P;
  acc.y = (r * (x1hh - x3) - y1 * hhh) % P;
  acc.x = x3;
  acc.z = z3;
}

/** acc = 2·acc (dbl-2001-b, a = −3: 3M + 5S), reduced as addAffineInPlace is. */
function doubleInPlace(acc: Jacobian): void {
  const { x, y, z } = acc;
  if (z === 0n) return;
  const delta = (z * z) % P;
  const gamma = (y * y) % P;
  const beta = x * gamma;
  const alpha = (3n * (x - delta) * (x + delta)) % P;
  const x3 = (alpha * alpha - 8n * beta) % P;
  acc.y = (alpha * (4n * beta - x3) - 8n * gamma * gamma) % P;
  acc.x = x3;
  acc.z = (2n * y * z) % P; // 0n when y ≡ 0: a point of order two (none on this prime-order curve)
}

/** a + b for two Jacobian points, as a new point (used to build tables). */
function addJacobian(a: Jacobian, b: Jacobian): Jacobian {
  if (a.z === 0n) return { ...b };
  if (b.z === 0n) return { ...a };
  const z1z1 = (a.z * a.z) % P;
  const z2z2 = (b.z * b.z) % P;
  const u1 = (a.x * z2z2) % P;
  const u2 = (b.x * z1z1) % P;
  const s1 = (a.y * ((b.z * z2z2) % P)) % P;
  const s2 = (b.y * ((a.z * z1z1) % P)) % P;
  const h = u2 - u1;
  const r = s2 - s1;
  const z3 = (((a.z * b.z) % P) * h) % P;
  if (z3 === 0n) {
    const sum = { ...a };
    if (r % P === 0n) doubleInPlace(sum);
    else sum.z = 0n;
    return sum;
  }
  const hh = (h * h) % P;
  const hhh = (h * hh) % P;
  const v = (u1 * hh) % P;
  const x3 = ((r * r) % P) - hhh - 2n * v;
  return { x: x3, y: ((r * (v - x3)) % P) - ((s1 * hhh) % P), z: z3 };
}

/** Affine forms of finite Jacobian points, with one inversion for all of them (Montgomery's trick). */
function toAffineAll(points: Jacobian[]): AffinePoint[] {
  const prefix: bigint[] = [];
  let product = 1n;
  for (const p of points) {
    prefix.push(product);
    product = (product * p.z) % P;
  }
  let inverse = invert(product);
  const out: AffinePoint[] = new Array(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    const zInv = (inverse * prefix[i]!) % P;
    inverse = (inverse * p.z) % P;
    const zInv2 = (zInv * zInv) % P;
    out[i] = { x: canonical((p.x * zInv2) % P), y: canonical((((p.y * zInv2) % P) * zInv) % P) };
  }
  return out;
}

/** x(acc) mod n === v (0 ≤ v < n) without an inversion: x = X/Z², and x mod n = v means x = v or v + n. */
function xModNEquals(acc: Jacobian, v: bigint): boolean {
  if (acc.z === 0n) return false;
  const zz = (acc.z * acc.z) % P;
  const x = canonical(acc.x);
  if (canonical(v * zz) === x) return true;
  return v + SM2_N < P && canonical((v + SM2_N) * zz) === x;
}

function canonical(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

/** a⁻¹ mod p by the extended Euclidean algorithm (a ≢ 0). */
function invert(a: bigint): bigint {
  let r0 = P;
  let r1 = canonical(a);
  if (r1 === 0n) throw new RangeError('no inverse of zero');
  let t0 = 0n;
  let t1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return canonical(t0);
}
