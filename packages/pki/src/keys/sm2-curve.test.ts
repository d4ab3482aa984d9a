import { randomBytes } from 'node:crypto';
import { weierstrassN } from '@noble/curves/abstract/weierstrass';
import { describe, expect, it } from 'vitest';
import {
  type AffinePoint,
  multiplyTabled,
  multiplyVariableTime,
  SM2_N,
  SM2_P,
  sm2EquationHolds,
  WindowTable,
} from './sm2-curve.ts';

// @noble/curves' generic Weierstrass arithmetic over the GB/T 32918.5 curve: an independent implementation.
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const Noble = weierstrassN({
  p: SM2_P,
  a: SM2_P - 3n,
  b: B,
  n: SM2_N,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});
type NoblePoint = InstanceType<typeof Noble>;

const randomScalar = () => BigInt(`0x${randomBytes(32).toString('hex')}`) % SM2_N;
const affine = (p: NoblePoint): AffinePoint | undefined => (p.is0() ? undefined : p.toAffine());
const times = (p: NoblePoint, k: bigint) => p.multiplyUnsafe(((k % SM2_N) + SM2_N) % SM2_N);
const G = Noble.BASE.toAffine();

// Scalars at the edges of the signed-digit recoding: window boundaries, runs of digits that carry, the top.
const edgeScalars = [
  1n,
  2n,
  3n,
  7n,
  8n,
  9n,
  15n,
  16n,
  17n,
  31n,
  32n,
  33n,
  127n,
  128n,
  129n,
  255n,
  256n,
  257n,
  1n << 255n,
  (1n << 255n) - 1n,
  BigInt(`0x${'7f'.repeat(32)}`),
  BigInt(`0x${'80'.repeat(32)}`),
  BigInt(`0x${'88'.repeat(32)}`),
  BigInt(`0x${'ff'.repeat(31)}`),
  SM2_N - 1n,
  SM2_N - 2n,
  SM2_N - 129n,
];

describe('SM2 curve arithmetic for verification', () => {
  const Q = Noble.BASE.multiply(randomScalar());
  const tables = [4, 5, 6, 8].map((bits) => WindowTable.of(Q.toAffine(), bits));

  it('multiplies like @noble/curves by double-and-add and from 4-, 5-, 6- and 8-bit window tables', () => {
    for (const k of [...edgeScalars, ...Array.from({ length: 40 }, randomScalar)]) {
      const want = affine(times(Q, k));
      expect(multiplyVariableTime(Q.toAffine(), k)).toEqual(want);
      for (const table of tables) expect(multiplyTabled(table, k)).toEqual(want);
    }
  });

  it('gives the point at infinity for 0 and n', () => {
    for (const k of [0n, SM2_N]) {
      expect(multiplyVariableTime(Q.toAffine(), k)).toBeUndefined();
      for (const table of tables) expect(multiplyTabled(table, k)).toBeUndefined();
    }
  });

  it('decides x(s·G + t·P) mod n = v as @noble/curves does, with and without a table for P', () => {
    const table = tables[3]!;
    for (let i = 0; i < 30; i++) {
      const s = randomScalar();
      const t = randomScalar();
      const x = Noble.BASE.multiplyUnsafe(s).add(times(Q, t)).toAffine().x;
      const v = x % SM2_N;
      for (const key of [Q.toAffine(), table]) {
        expect(sm2EquationHolds(s, t, key, v)).toBe(true);
        expect(sm2EquationHolds(s, t, key, (v + 1n) % SM2_N)).toBe(false);
        expect(sm2EquationHolds(s, (t + 1n) % SM2_N, key, v)).toBe(false);
      }
    }
  });

  it('doubles when a partial sum meets the same point and refuses a sum at infinity (P = G)', () => {
    // With P = G the products s·G and t·G land on the same table points: t = s makes the additions meet
    // equal points (a doubling), t = n − s makes the sum the point at infinity.
    const keys = [G, WindowTable.of(G, 8), WindowTable.of(G, 4)];
    for (const s of [1n, 5n, 200n, 1n << 200n, randomScalar()]) {
      const v = times(Noble.BASE, 2n * s).toAffine().x % SM2_N;
      for (const key of keys) {
        expect(sm2EquationHolds(s, s, key, v)).toBe(true);
        for (const anyV of [0n, v, 1n]) expect(sm2EquationHolds(s, SM2_N - s, key, anyV)).toBe(false);
      }
    }
  });

  it('accepts x mod n, not x, when x(s·G + t·P) lies in [n, p)', () => {
    // No known multiple of G has such an x (the chance is 2^−128), so P is a curve point found by its x.
    const { Fp } = Noble;
    for (let x = SM2_N; ; x++) {
      const rhs = Fp.add(Fp.add(Fp.pow(x, 3n), Fp.mul(SM2_P - 3n, x)), B);
      let y: bigint;
      try {
        y = Fp.sqrt(rhs);
      } catch {
        continue;
      }
      const point = Noble.fromAffine({ x, y });
      point.assertValidity();
      for (const key of [point.toAffine(), WindowTable.of(point.toAffine(), 4)]) {
        expect(sm2EquationHolds(0n, 1n, key, x - SM2_N)).toBe(true);
        expect(sm2EquationHolds(0n, 1n, key, x - SM2_N + 1n)).toBe(false);
        expect(sm2EquationHolds(0n, 2n, key, times(point, 2n).toAffine().x % SM2_N)).toBe(true);
      }
      break;
    }
  });
});
