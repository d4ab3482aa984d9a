// Keys other than an in-process RSA key: ECDSA P-256, a remote signer given only the digest, PKCS#11.

import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestSigner, openPkcs11Signer, signDigestRsa } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/sign/sign.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';

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

  it.skipIf(!existsSync(SOFTHSM))('a PKCS#11 key in SoftHSM2 gives a valid signature', async () => {
    const dir = join(t.dir, 'softhsm');
    mkdirSync(join(dir, 'tokens'), { recursive: true });
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(
      conf,
      `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    // SoftHSM reads its configuration when the library initialises, in this process.
    process.env.SOFTHSM2_CONF = conf;
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8', env: process.env });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    };
    const token = ['--module', SOFTHSM, '--token-label', 'openseal-sign'];
    run('softhsm2-util', [
      '--init-token',
      '--free',
      '--label',
      'openseal-sign',
      '--pin',
      '123456',
      '--so-pin',
      '87654321',
    ]);
    run('pkcs11-tool', [
      ...token,
      '--login',
      '--pin',
      '123456',
      '--keypairgen',
      '--key-type',
      'rsa:2048',
      '--label',
      'seal',
      '--id',
      '01',
    ]);
    const pub = join(dir, 'seal.der');
    run('pkcs11-tool', [...token, '--read-object', '--type', 'pubkey', '--label', 'seal', '-o', pub]);
    const certificate = await t.pki.issue({
      profile: 'seal',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'O', value: '示范大学 / Demo University' },
        { type: 'CN', value: '示范大学 HSM 印章 / Demo University HSM Seal' },
      ],
      publicKey: createPublicKey({ key: readFileSync(pub), format: 'der', type: 'spki' }),
    });
    const signer = openPkcs11Signer({
      library: SOFTHSM,
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
