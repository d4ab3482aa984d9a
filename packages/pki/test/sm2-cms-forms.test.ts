// The two CMS forms an SM2 SignedData takes: RFC 5652's OIDs, and GM/T 0010's (ContentInfo signedData
// 1.2.156.10197.6.1.4.2.2, eContentType data …4.2.1, signatureAlgorithm SM2-1). Both build, parse and verify.
import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../src/asn1/oids.ts';
import { buildSignedData } from '../src/cms/signed-data-builder.ts';
import { parseSignedData } from '../src/cms/signed-data-parser.ts';
import { findSignerCertificate, verifySignerInfoSignature } from '../src/cms/signer-info-verify.ts';
import { signingCertificateMatches } from '../src/cms/signing-certificate.ts';
import { generateKeyPair } from '../src/keys/key-algorithm.ts';
import { type Signer, softwareSigner } from '../src/keys/signer.ts';
import { sm3 } from '../src/keys/sm2.ts';
import type { Certificate } from '../src/x509/certificate.ts';
import { issueCertificate } from '../src/x509/certificate-builder.ts';

const now = new Date('2026-06-01T00:00:00Z');

async function selfSigned(alg: 'sm2' | 'ecdsa-p256'): Promise<{ signer: Signer; certificate: Certificate }> {
  const keys = generateKeyPair(alg);
  const signer = softwareSigner(keys.privateKey);
  const certificate = await issueCertificate({
    profile: 'root-ca',
    subject: [{ type: 'CN', value: `${alg} CMS test` }],
    subjectPublicKey: keys.publicKey,
    selfSigner: signer,
    notBefore: now,
    notAfter: new Date('2027-06-01T00:00:00Z'),
  });
  return { signer, certificate };
}

describe('SM2 SignedData forms', () => {
  let sm2: { signer: Signer; certificate: Certificate };
  const content = new TextEncoder().encode('国密 detached content');
  beforeAll(async () => {
    sm2 = await selfSigned('sm2');
  });

  it.each([
    ['rfc5652', OID.signedData, OID.data, OID.sm2WithSm3],
    ['gmt0010', OID.gmSignedData, OID.gmData, OID.sm2Sign1],
  ] as const)('%s: outer and content OIDs, SM3 throughout, verifies', async (form, outer, data, sigAlg) => {
    const der = await buildSignedData({ ...sm2, form, messageDigest: sm3(content) });
    const sd = parseSignedData(der);
    const si = sd.signerInfos[0]!;
    expect([sd.contentInfoType, sd.contentType, si.contentType, si.signatureAlgorithmOid]).toEqual([
      outer,
      data,
      data,
      sigAlg,
    ]);
    expect([si.digestAlgorithmOid, si.signingCertificateV2?.[0]?.hashAlgorithmOid]).toEqual([
      OID.sm3,
      OID.sm3,
    ]);
    const cert = findSignerCertificate(sd, si)!;
    expect(signingCertificateMatches(si, cert)).toBe(true);
    expect(verifySignerInfoSignature(si, cert)).toBe(true);
  });

  it('the GM/T 0010 form refuses a signer that is not SM2', async () => {
    const ec = await selfSigned('ecdsa-p256');
    await expect(
      buildSignedData({ ...ec, form: 'gmt0010', messageDigest: new Uint8Array(32) }),
    ).rejects.toMatchObject({ code: 'ERR_KEY_UNSUPPORTED' });
  });

  it('a ContentInfo of another type is still refused', async () => {
    const der = Uint8Array.from(await buildSignedData({ ...sm2, messageDigest: sm3(content) }));
    // id-signedData 1.2.840.113549.1.7.2 → …7.3 (envelopedData).
    const at = Buffer.from(der).indexOf(Buffer.from('2a864886f70d010702', 'hex'));
    der[at + 8] = 3;
    expect(() => parseSignedData(der)).toThrow(/not SignedData/);
  });
});
