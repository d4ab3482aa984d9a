// Keys other than an in-process RSA key: ECDSA P-256, a remote signer given only the digest, PKCS#11.

import { join } from 'node:path';
import { digestSigner, openPkcs11Signer, signDigestRsa } from '@openseal/pki';
import { createSoftHsmToken, hasSoftHsm, SOFTHSM_LIBRARY } from '@openseal/pki/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/sign/sign.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

describe('ECDSA P-256 PKI', () => {
  let t: TestPki;
  beforeAll(async () => {
    t = await createTestPki('ecdsa-p256');
  });
  afterAll(() => t.close());

  it('B-T seal signed with ECDSA is valid and trusted in pdfsig', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 300, y: 300 },
    });
    const { signatures, output } = pdfsig(t.save('ecdsa.pdf', out), t.rootPem);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
  });
});

describe('RSA PKI with external signers', () => {
  let t: TestPki;
  beforeAll(async () => {
    t = await createTestPki();
  });
  afterAll(() => t.close());

  it('a remote digest signer (only the hash leaves the process) gives a valid signature', async () => {
    const hashes: Uint8Array[] = [];
    const remote = digestSigner({
      keyType: 'rsa',
      digestAlgorithm: 'sha256',
      signDigest: async (digest) => {
        hashes.push(digest);
        return signDigestRsa(t.pki.demoSeal.privateKey, digest, 'sha256');
      },
    });
    const out = await sign(
      fixture('mupdf.pdf'),
      { ...t.credentials, signer: remote },
      { timestamper: t.timestamper },
    );
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toHaveLength(32);
    const { signatures, output } = pdfsig(t.save('remote.pdf', out), t.rootPem);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
  });

  it.skipIf(!hasSoftHsm)('a PKCS#11 key in SoftHSM2 gives a valid signature', async () => {
    const { seal: publicKey } = createSoftHsmToken({
      dir: join(t.dir, 'softhsm'),
      tokenLabel: 'openseal-sign',
      pin: '123456',
      keys: [{ label: 'seal', id: '01', type: 'rsa:2048' }],
    });
    const certificate = await t.pki.issue({
      profile: 'seal',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'O', value: '示范大学 / Demo University' },
        { type: 'CN', value: '示范大学 HSM 印章 / Demo University HSM Seal' },
      ],
      publicKey: publicKey!,
    });
    const signer = openPkcs11Signer({
      library: SOFTHSM_LIBRARY,
      tokenLabel: 'openseal-sign',
      pin: '123456',
      keyLabel: 'seal',
      keyType: 'rsa',
    });
    try {
      const out = await sign(
        fixture('libreoffice.pdf'),
        { signer, certificate, chain: t.credentials.chain },
        {
          timestamper: t.timestamper,
          seal: ROUND_SEAL,
          placement: { kind: 'page', page: 2, x: 300, y: 200 },
        },
      );
      const { signatures, output } = pdfsig(t.save('pkcs11.pdf', out), t.rootPem);
      expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
      expect(signatures[0]!.commonName).toContain('HSM');
    } finally {
      signer.close();
    }
  });
});
