// SM2 signatures made by BouncyCastle (gm-oracle sign-pdf, standard CMS OIDs): our CMS reader, SM2
// verification and RFC 3161 checks accept them, and refuse them altered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { raw, readNode } from '../src/asn1/der.ts';
import { OID } from '../src/asn1/oids.ts';
import { type ParsedSignedData, parseSignedData } from '../src/cms/signed-data-parser.ts';
import { findSignerCertificate, verifySignerInfoSignature } from '../src/cms/signer-info-verify.ts';
import { signingCertificateMatches } from '../src/cms/signing-certificate.ts';
import { sm3 } from '../src/keys/sm2.ts';
import { parseTimestampToken } from '../src/tsa/timestamp-token.ts';
import { verifyTimestampToken } from '../src/tsa/verify-timestamp-token.ts';
import { Certificate } from '../src/x509/certificate.ts';
import { tempDir, writeTemp } from '../src/x509/openssl-cli.test-support.ts';
import { gmOracle, gmOracleAvailable, minimalPdf, oraclePki } from './gm-oracle.test-support.ts';

describe.skipIf(!gmOracleAvailable('SM2 CMS from gm-oracle'))(
  'SM2 CMS signed by gm-oracle (BouncyCastle)',
  () => {
    let pdf: Buffer;
    let signedData: ParsedSignedData;
    let signedBytes: Buffer;
    let ca: Certificate;
    beforeAll(() => {
      const pki = oraclePki();
      const tmp = tempDir('sm2-oracle-cms');
      const out = join(tmp, 'signed.pdf');
      const r = gmOracle([
        'sign-pdf',
        writeTemp(tmp, 'in.pdf', minimalPdf()),
        out,
        ...[
          '--key',
          join(pki, 'seal.key.pem'),
          '--cert',
          join(pki, 'seal.pem'),
          '--chain',
          join(pki, 'ca.pem'),
        ],
        ...['--tsa-key', join(pki, 'tsa.key.pem'), '--tsa-cert', join(pki, 'tsa.pem')],
      ]);
      if (r.status !== 0) throw new Error(`gm-oracle sign-pdf failed: ${r.stderr}`);
      pdf = readFileSync(out);
      const text = pdf.toString('latin1');
      const byteRange = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/
        .exec(text)!
        .slice(1)
        .map(Number);
      const [a, b, c, d] = byteRange as [number, number, number, number];
      signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
      const contents = Buffer.from(text.slice(a + b + 1, c - 1), 'hex');
      // /Contents is zero-padded after the DER: read exactly one TLV.
      signedData = parseSignedData(raw(readNode(contents, 0)));
      ca = Certificate.fromPem(readFileSync(join(pki, 'ca.pem'), 'utf8'))[0]!;
    });

    it('verifies its SM2 signature over the signed attributes and its SM3 messageDigest', () => {
      const si = signedData.signerInfos[0]!;
      expect(si.digestAlgorithmOid).toBe(OID.sm3);
      expect(si.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
      expect(Buffer.from(si.messageDigest!).equals(sm3(signedBytes))).toBe(true);
      const signer = findSignerCertificate(signedData, si)!;
      expect(signer.keyType).toBe('sm2');
      expect(signer.isIssuedBy(ca)).toBe(true);
      // Its ESSCertIDv2 names the signer with an SM3 hash.
      expect(signingCertificateMatches(si, signer)).toBe(true);
      expect(verifySignerInfoSignature(si, signer)).toBe(true);

      const altered = Uint8Array.from(si.signedAttrsDer!);
      altered[altered.length - 1]! ^= 1;
      expect(verifySignerInfoSignature({ ...si, signedAttrsDer: altered }, signer)).toBe(false);
    });

    it('accepts its SM3withSM2 time-stamp token over SM3 of the signature value', () => {
      const si = signedData.signerInfos[0]!;
      const tokenNode = si.unsignedAttrs.get(OID.signatureTimeStampToken)![0]!;
      const token = parseTimestampToken(raw(tokenNode));
      expect(token.messageImprint.digestAlgorithmOid).toBe(OID.sm3);
      expect(Buffer.from(token.messageImprint.digest).equals(sm3(si.signature))).toBe(true);
      const tsa = verifyTimestampToken(token);
      expect(tsa.keyType).toBe('sm2');
      expect(tsa.isIssuedBy(ca)).toBe(true);
    });
  },
);
