// Revocation of the seal certificate, judged against the signing time a timestamp proves
// (ETSI EN 319 102-1): revoked after sealing leaves the seal valid, and the reader is told; revoked
// before sealing makes the document 'revoked'.

import { rmSync } from 'node:fs';
import { createOcspResponder } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import { sign } from '../../src/sign/sign.ts';
import type { SealCredentials } from '../../src/sign/sign-options.ts';
import { verify } from '../../src/validate/index.ts';
import { formPdf, issueSeal, makeTestPki, SIGNING_TIME, type TestPki } from './forgery-kit.ts';

let t: TestPki;
beforeAll(async () => {
  t = await makeTestPki();
});
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

/** OCSP and CRLs carry whole seconds. */
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const AFTER = new Date(SIGNING_TIME.getTime() + 60_000);

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

/** B-LT whose OCSP responses were produced at `producedAt` by a responder on that clock (no CRLs). */
function sealedLt(credentials: SealCredentials, producedAt: Date): Promise<Uint8Array> {
  const responder = (issuer: 'root' | 'issuing') =>
    createOcspResponder({
      issuer: t.pki[issuer].certificate,
      responder: { certificate: t.pki[issuer].certificate, signer: t.pki[issuer].signer },
      status: (serial) => t.pki.revocationStatusBySerial(issuer, serial),
      clock: () => producedAt,
    });
  const responders = { root: responder('root'), issuing: responder('issuing') };
  return sign(formPdf(), credentials, {
    level: 'B-LT',
    timestamper: t.timestamper,
    revocation: {
      ocsp: async (cert, issuer) =>
        issuer.fingerprint() === t.pki.root.certificate.fingerprint()
          ? responders.root.responseFor(cert)
          : responders.issuing.responseFor(cert),
      crl: async () => undefined,
    },
    clock: t.clock,
  });
}

describe('freshness of revocation data (ETSI EN 319 102-1)', () => {
  it('data in the DSS produced before the proven signing time does not show the seal was good', async () => {
    const pdf = await sealedLt(await issueSeal(t), seconds(SIGNING_TIME.getTime() - 600_000));
    const report = await verify(pdf, { trustAnchors: t.anchors, at: AFTER });
    const s = report.signatures[0]!;
    expect(s.revocation.status).toBe('not-checked');
    expect(s.revocation.detail).toMatch(/issued before the proven signing time/);
  });

  it('data in the DSS produced after the proven signing time counts', async () => {
    const pdf = await sealedLt(await issueSeal(t), seconds(SIGNING_TIME.getTime() + 2_000));
    const report = await verify(pdf, { trustAnchors: t.anchors, at: AFTER });
    expect(report.signatures[0]!.revocation).toMatchObject({ status: 'good', source: 'dss' });
    expect(report.verdict).toBe('authentic');
  });

  it('the newest data wins: a later "revoked before sealing" beats a good response in the file', async () => {
    const seal = await issueSeal(t);
    const pdf = await sealedLt(seal, seconds(SIGNING_TIME.getTime() + 2_000));
    // Revoked afterwards, with the date of the key compromise (before the seal was made).
    const compromised = seconds(SIGNING_TIME.getTime() - 120_000);
    await t.pki.revoke(seal.certificate.serialNumber, 'keyCompromise', compromised);
    const report = await verify(pdf, {
      trustAnchors: t.anchors,
      at: AFTER,
      revocation: 'fetch',
      fetchRevocation: pkiRevocationSource(t.pki, { clock: () => AFTER }),
    });
    const s = report.signatures[0]!;
    expect(s.revocation).toMatchObject({ status: 'revoked', source: 'fetched', revokedAt: compromised });
    expect(s.problems.find((p) => p.code === 'REVOKED')?.message).toMatch(
      /revoked on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(keyCompromise\), before the proven signing time/,
    );
    expect(report.verdict).toBe('revoked');
    const when = `${compromised.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(report.summary.en).toContain(`revoked on ${when}`);
    expect(report.summary.zh).toContain(when);
  });
});
