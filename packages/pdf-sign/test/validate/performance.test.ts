// Throughput target (COMMON.md): 500 verifications/s of a one-page PAdES B-T file on one core.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/index.ts';
import { formPdf, makeTestPki, SIGNING_TIME, type TestPki } from './forgery-kit.ts';

let t: TestPki;
let signed: Uint8Array;
beforeAll(async () => {
  t = await makeTestPki();
  signed = await sign(formPdf(), t.credentials, { level: 'B-T', timestamper: t.timestamper, clock: t.clock });
}, 60_000);
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

it('verifies a one-page B-T file at least 500 times a second', async () => {
  const options = { trustAnchors: t.anchors, at: new Date(SIGNING_TIME.getTime() + 60_000) };
  for (let i = 0; i < 50; i++) expect((await verify(signed, options)).verdict).toBe('authentic');
  const n = 500;
  const started = performance.now();
  for (let i = 0; i < n; i++) await verify(signed, options);
  const perSecond = n / ((performance.now() - started) / 1000);
  console.log(`verify: ${perSecond.toFixed(0)} documents/s`);
  expect(perSecond).toBeGreaterThan(500);
});
