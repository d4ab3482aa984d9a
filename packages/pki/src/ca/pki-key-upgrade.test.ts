import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../x509/openssl-cli.test-support.ts';
import { initPki } from './init-pki.ts';
import { changePkiPassphrase, loadPki } from './load-pki.ts';
import { ENTITY_FILES } from './pki-files.ts';

const passphrase = 'upgrade test passphrase 示范';
const code = (c: string) => expect.objectContaining({ code: c });
const keyFiles = Object.values(ENTITY_FILES).map((stem) => `${stem}.key.pem`);
// scrypt's OID (RFC 7914) in DER, as it appears inside the base64 of every upgraded file.
const usesScrypt = (pem: string) =>
  Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').includes(
    Buffer.from('06092b06010401da47040b', 'hex'),
  );

describe('PKI key files', () => {
  const dir = join(tempDir('upgrade'), 'pki');
  beforeAll(() => initPki({ dir, passphrase, keyAlgorithm: 'ecdsa-p256' }));

  it('from before scrypt (PBKDF2, 2,048 rounds) still open, and are rewritten with scrypt on the next start', async () => {
    const before = await loadPki(dir, passphrase);
    // Put the files back the way the previous release wrote them: OpenSSL's PKCS#8 default.
    for (const [name, stem] of Object.entries(ENTITY_FILES)) {
      const key = before[name as keyof typeof ENTITY_FILES].privateKey;
      const legacy = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
      writeFileSync(join(dir, `${stem}.key.pem`), legacy);
    }
    expect(keyFiles.some((f) => usesScrypt(readFileSync(join(dir, f), 'utf8')))).toBe(false);

    const after = await loadPki(dir, passphrase);
    expect(after.root.certificate.fingerprint('sha256')).toBe(before.root.certificate.fingerprint('sha256'));
    expect(keyFiles.every((f) => usesScrypt(readFileSync(join(dir, f), 'utf8')))).toBe(true);
    const reloaded = await loadPki(dir, passphrase);
    expect(reloaded.demoSeal.privateKey.export({ type: 'pkcs8', format: 'der' })).toEqual(
      before.demoSeal.privateKey.export({ type: 'pkcs8', format: 'der' }),
    );
    await expect(loadPki(dir, 'not the passphrase')).rejects.toThrow(code('ERR_KEY_PASSPHRASE'));
  });

  it('take a new passphrase; the old one no longer opens them', async () => {
    const next = 'tulip orbit 7 gravel canyon';
    await changePkiPassphrase(dir, passphrase, next);
    await expect(loadPki(dir, passphrase)).rejects.toThrow(code('ERR_KEY_PASSPHRASE'));
    expect((await loadPki(dir, next)).tsa.certificate.commonName).toBeTruthy();
    await expect(changePkiPassphrase(dir, 'wrong passphrase here', passphrase)).rejects.toThrow(
      code('ERR_KEY_PASSPHRASE'),
    );
  });
});
