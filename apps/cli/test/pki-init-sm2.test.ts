// `openseal pki init --key-type sm2`: a whole SM2 hierarchy from the command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Certificate, OID } from '@openseal/pki';
import { describe, expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'pdf-sign', 'test', 'fixtures');
const bin = join(import.meta.dirname, '..', 'bin', 'openseal.js');
const openseal = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENSEAL_PASSPHRASE: 'cli sm2 lotus granite' },
    input: '',
  });

describe('openseal pki init --key-type', () => {
  it('sm2 writes root, issuing CA, TSA, OCSP and seal certificates with SM2 keys signed SM3withSM2', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'openseal-cli-sm2-')), 'pki');
    const res = openseal(['pki', 'init', '--dir', dir, '--key-type', 'sm2']);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('(sm2)');
    for (const f of ['root-ca', 'issuing-ca', 'tsa', 'ocsp', 'seal-demo']) {
      const [cert] = Certificate.fromPem(readFileSync(join(dir, `${f}.pem`), 'utf8'));
      expect([f, cert!.keyType, cert!.signatureAlgorithmOid]).toEqual([f, 'sm2', OID.sm2WithSm3]);
      expect(readFileSync(join(dir, `${f}.key.pem`), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    }
  });

  it('--crypto-mode gm keeps every key in the SM4 envelope, and loads back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'openseal-cli-sm2-')), 'pki');
    const res = openseal(['pki', 'init', '--dir', dir, '--key-type', 'sm2', '--crypto-mode', 'gm']);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('gm mode: SM4-CBC + HMAC-SM3');
    for (const f of ['root-ca', 'issuing-ca', 'tsa', 'ocsp', 'seal-demo']) {
      const pem = readFileSync(join(dir, `${f}.key.pem`), 'utf8');
      expect([f, pem.startsWith('-----BEGIN OPENSEAL SM4 ENCRYPTED PRIVATE KEY-----')]).toEqual([f, true]);
    }
    const signed = join(dir, '..', 'signed.pdf');
    const sign = openseal(['sign', join(fixtures, 'mupdf.pdf'), '-o', signed, '--pki', dir]);
    expect([sign.status, sign.stderr]).toEqual([0, '']);
  });

  it('refuses an unknown crypto mode, naming the two', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'openseal-cli-sm2-')), 'pki');
    const res = openseal(['pki', 'init', '--dir', dir, '--crypto-mode', 'sm4']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('standard, gm');
  });

  it('refuses an unknown key type, listing the ones it knows', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'openseal-cli-sm2-')), 'pki');
    const res = openseal(['pki', 'init', '--dir', dir, '--key-type', 'sm9']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('rsa-2048, rsa-3072, ecdsa-p256, sm2');
  });
});
