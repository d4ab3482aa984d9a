// B-LT revocation data postdates the signature's timestamp (ETSI EN 319 142-1 5.4.2 with EN 319 102-1
// 5.2.5.4), to the whole second the OCSP response and CRL carry, even when a batch's cache holds older
// data: pyHanko's AdES validation gives no weight to revocation data issued before the signing time.

import {
  createTimestampAuthority,
  parseCrl,
  parseOcspResponse,
  parseSignedData,
  parseTimestampToken,
  raw,
} from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { isStream, type PdfString } from '../../src/core/objects.ts';
import { isFreshFor, issueTime } from '../../src/sign/revocation-freshness.ts';
import { pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import { sign } from '../../src/sign/sign.ts';
import { createTestPki, fixture, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

describe('freshness to the second', () => {
  it('judges the encoded whole second against a genTime with milliseconds', () => {
    const genTime = new Date('2026-12-06T10:00:00.700Z');
    expect(isFreshFor(new Date('2026-12-06T10:00:00.900Z'), genTime)).toBe(false);
    expect(isFreshFor(new Date('2026-12-06T10:00:01Z'), genTime)).toBe(true);
    expect(isFreshFor(new Date('2026-12-06T10:00:00Z'), new Date('2026-12-06T10:00:00Z'))).toBe(true);
    expect(issueTime(new Date('2026-12-06T10:00:00.900Z'), genTime)).toEqual(
      new Date('2026-12-06T10:00:01Z'),
    );
    const later = new Date('2026-12-06T10:00:05.250Z');
    expect(issueTime(later, genTime)).toBe(later);
  });
});

describe('pkiRevocationSource with producedAfter', () => {
  it('reuses cached data only while it is no older than the timestamp, else issues newer', async () => {
    const base = Math.ceil(Date.now() / 1000) * 1000 + 5_000;
    let now = base + 200;
    const source = pkiRevocationSource(t.pki, { clock: () => new Date(now) });
    const seal = t.pki.demoSeal.certificate;
    const issuing = t.pki.issuing.certificate;
    const root = t.pki.root.certificate;
    const thisUpdate = (der: Uint8Array | undefined) =>
      parseOcspResponse(der!).basic!.responses[0]!.thisUpdate;

    const first = await source.ocsp(seal, issuing, new Date(base + 100));
    expect(thisUpdate(first)).toEqual(new Date(base + 1000)); // the next whole second after .100
    expect(await source.ocsp(seal, issuing, new Date(base + 900))).toBe(first);
    now = base + 1500;
    const second = await source.ocsp(seal, issuing, new Date(base + 1200));
    expect(second).not.toBe(first);
    expect(thisUpdate(second)).toEqual(new Date(base + 2000));

    const crl = await source.crl(issuing, root, new Date(base + 1200));
    expect(parseCrl(crl!).thisUpdate.getTime()).toBeGreaterThanOrEqual(base + 1200);
    expect(await source.crl(issuing, root, new Date(base + 1900))).toBe(crl);
    now = base + 3100;
    const newer = await source.crl(issuing, root, new Date(base + 3050));
    expect(parseCrl(newer!).thisUpdate).toEqual(new Date(base + 4000));
  });
});

describe('sign() at B-LT and B-LTA', () => {
  it('puts only OCSP responses and CRLs issued at or after each signature timestamp into the DSS', async () => {
    // One source for the whole "batch", as the credential renderers share one; timestamps fall at
    // .700 of a second, a few seconds apart, so cached data is always older than the next token.
    const start = Math.ceil(Date.now() / 1000) * 1000 + 10_000;
    let now = start + 700;
    const clock = () => new Date(now);
    const revocation = pkiRevocationSource(t.pki, { clock });
    const timestamper = createTimestampAuthority({
      certificate: t.pki.tsa.certificate,
      signer: t.pki.tsa.signer,
      chain: [t.pki.issuing.certificate],
      clock,
    });
    for (const level of ['B-LT', 'B-LTA', 'B-LT'] as const) {
      const out = await sign(fixture('mupdf.pdf'), t.credentials, { level, timestamper, revocation, clock });
      const doc = PdfDocument.parse(out);
      const genTime = signatureGenTime(doc);
      expect(genTime.getUTCMilliseconds()).toBe(700);
      const dss = doc.resolveDict(doc.catalog().get('DSS'))!;
      const data = (kind: 'OCSPs' | 'CRLs') =>
        (doc.resolve(dss.get(kind)) as unknown[]).map((r) => {
          const s = doc.resolve(r as never);
          if (!isStream(s)) throw new Error(`${kind} entry is not a stream`);
          return doc.decodeStream(s);
        });
      const ocsps = data('OCSPs').map((d) => parseOcspResponse(d).basic!.responses[0]!.thisUpdate);
      const crls = data('CRLs').map((d) => parseCrl(d).thisUpdate);
      expect(ocsps.length).toBe(2);
      expect(crls.length).toBe(1);
      for (const issued of [...ocsps, ...crls]) {
        expect(
          issued.getTime(),
          `${issued.toISOString()} vs ${genTime.toISOString()}`,
        ).toBeGreaterThanOrEqual(genTime.getTime());
      }
      now += 3_000;
    }
  });
});

/** genTime of the signature-time-stamp token of the document's first signature. */
function signatureGenTime(doc: PdfDocument): Date {
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'))!;
  const field = doc.resolveDict((doc.resolve(acro.get('Fields')) as unknown[])[0] as never)!;
  const sig = doc.resolveDict(field.get('V'))!;
  const si = parseSignedData((sig.get('Contents') as PdfString).bytes).signerInfos[0]!;
  const token = si.unsignedAttrs.get('1.2.840.113549.1.9.16.2.14')![0]!;
  return parseTimestampToken(raw(token)).genTime;
}
