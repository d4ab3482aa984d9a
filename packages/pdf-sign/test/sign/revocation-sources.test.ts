// Revocation data for B-LT: the in-process source reuses responses; the HTTP source asks the URLs in
// the certificates (here the test PKI served from its own process).

import { checkOcspResponse, parseCrl, parseOcspResponse } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRevocationSource, pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import { createTestPki, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

describe('pkiRevocationSource', () => {
  it('reuses an OCSP response until half its validity has passed, then signs a fresh one', async () => {
    let now = Date.now();
    const source = pkiRevocationSource(t.pki, { clock: () => new Date(now) });
    const seal = t.pki.demoSeal.certificate;
    const issuer = t.pki.issuing.certificate;
    const first = await source.ocsp(seal, issuer);
    expect(first).toBeDefined();
    expect(checkOcspResponse(parseOcspResponse(first!), seal, issuer).status.status).toBe('good');
    expect(await source.ocsp(seal, issuer)).toBe(first);
    now += 13 * 3_600_000; // past half of the responder's 24 h validity
    const later = await source.ocsp(seal, issuer);
    expect(later).not.toBe(first);
  });

  it('reports a revoked certificate as revoked, CRLs for the CAs, nothing for foreign issuers', async () => {
    const source = pkiRevocationSource(t.pki);
    const root = t.pki.root.certificate;
    const crl = await source.crl(t.pki.issuing.certificate, root);
    expect(parseCrl(crl!).isSignedBy(root)).toBe(true);
    // The delegated responder only answers for the issuing CA (RFC 6960 4.2.2.2).
    expect(await source.ocsp(t.pki.issuing.certificate, root)).toBeUndefined();
    expect(await source.crl(root, t.pki.tsa.certificate)).toBeUndefined();
    await t.pki.revoke(t.pki.tsa.certificate.serialNumber, 'keyCompromise');
    const resp = await pkiRevocationSource(t.pki).ocsp(t.pki.tsa.certificate, t.pki.issuing.certificate);
    const status = checkOcspResponse(
      parseOcspResponse(resp!),
      t.pki.tsa.certificate,
      t.pki.issuing.certificate,
    );
    expect(status.status.status).toBe('revoked');
  });
});

describe('httpRevocationSource', () => {
  it('fetches OCSP and CRLs from the URLs in the certificates', async () => {
    const source = httpRevocationSource({ timeoutMs: 5000 });
    const seal = t.pki.demoSeal.certificate;
    const ocsp = await source.ocsp(seal, t.pki.issuing.certificate);
    expect(checkOcspResponse(parseOcspResponse(ocsp!), seal, t.pki.issuing.certificate).status.status).toBe(
      'good',
    );
    const crl = await source.crl(t.pki.issuing.certificate, t.pki.root.certificate);
    expect(parseCrl(crl!).isSignedBy(t.pki.root.certificate)).toBe(true);
    // A wrong issuer: the CRL is fetched but not signed by it, so it is not returned.
    expect(await source.crl(t.pki.issuing.certificate, t.pki.issuing.certificate)).toBeUndefined();
  });
});
