// Revocation of the seal certificate, judged against the signing time a timestamp proves
// (ETSI EN 319 102-1): revoked after sealing leaves the seal valid, and the reader is told; revoked
// before sealing makes the document 'revoked'.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/index.ts';
import { formPdf, makeTestPki, SIGNING_TIME, type TestPki } from './forgery-kit.ts';

let t: TestPki;
beforeAll(async () => {
  t = await makeTestPki();
});
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

/** OCSP and CRLs carry whole seconds. */
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

const sealed = () =>
  sign(formPdf(), t.credentials, { level: 'B-T', timestamper: t.timestamper, clock: t.clock });

describe('revocation of the seal certificate', () => {
  it('revoked after the timestamped signing time: still authentic, and the summary says so', async () => {
    const pdf = await sealed();
    const revokedAt = seconds(SIGNING_TIME.getTime() + 3_600_000);
    await t.pki.revoke(t.pki.demoSeal.certificate.serialNumber, 'keyCompromise', revokedAt);
    const report = await verify(pdf, {
      trustAnchors: t.anchors,
      at: new Date(revokedAt.getTime() + 60_000),
      revocation: 'fetch',
      fetchRevocation: pkiRevocationSource(t.pki, { clock: () => new Date(revokedAt.getTime() + 60_000) }),
    });
    const s = report.signatures[0]!;
    expect(s.revocation).toMatchObject({ status: 'revoked', source: 'fetched', revokedAt });
    expect(s.problems.map((p) => p.code)).toContain('REVOKED_AFTER_SIGNING');
    expect(report.verdict).toBe('authentic');
    expect(report.summary.en).toContain("the seal's certificate was revoked");
    expect(report.summary.zh).toContain('被吊销');
  });

  it('revoked before sealing: the document is reported revoked', async () => {
    const revokedAt = seconds(SIGNING_TIME.getTime() - 60_000);
    await t.pki.revoke(t.pki.demoSeal.certificate.serialNumber, 'keyCompromise', revokedAt);
    const pdf = await sealed();
    const report = await verify(pdf, {
      trustAnchors: t.anchors,
      at: new Date(SIGNING_TIME.getTime() + 60_000),
      revocation: 'fetch',
      fetchRevocation: pkiRevocationSource(t.pki, { clock: () => new Date(SIGNING_TIME.getTime() + 60_000) }),
    });
    expect(report.signatures[0]!.revocation).toMatchObject({ status: 'revoked', revokedAt });
    expect(report.verdict).toBe('revoked');
    expect(report.authenticAndUnmodified).toBe(false);
  });
});
