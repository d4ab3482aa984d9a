// The `openseal` command as a user runs it: a real process, real files, exit codes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfsig, pyhanko, pyhankoAvailable } from '@openseal/pdf-sign/test-support';
import { initPki } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'openseal.js');
const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'pdf-sign', 'test', 'fixtures');
const passphrase = 'cli tulip orbit gravel';

function openseal(
  args: string[],
  env: Record<string, string | undefined> = { OPENSEAL_PASSPHRASE: passphrase },
) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENSEAL_PASSPHRASE: undefined, ...env },
    input: '',
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('openseal CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'openseal-cli-'));
  const pkiDir = join(work, 'pki');
  const root = join(pkiDir, 'root-ca.pem');

  let server: ChildProcess | undefined;

  // pdfsig asks the OCSP responder named in the certificates, so the PKI is served for real, by the
  // CLI itself, on a free loopback port written into the certificates.
  beforeAll(async () => {
    const port = await freePort();
    const res = openseal(['pki', 'init', '--dir', pkiDir, '--base-url', `http://127.0.0.1:${port}/pki`]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    server = spawn(process.execPath, [bin, 'pki', 'serve', '--dir', pkiDir, '--port', String(port)], {
      env: { ...process.env, OPENSEAL_PASSPHRASE: passphrase },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('exit', (code) => reject(new Error(`openseal pki serve exited with ${code}`)));
      server!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving on') && resolve());
    });
  });

  afterAll(() => {
    server?.kill();
  });

  it('pki init writes the root certificate and only encrypted keys', () => {
    expect(readFileSync(root, 'utf8')).toContain('BEGIN CERTIFICATE');
    const keyFiles = readdirSync(pkiDir).filter((f) => f.endsWith('.key.pem'));
    expect(keyFiles.length).toBeGreaterThanOrEqual(5);
    for (const f of keyFiles) {
      const pem = readFileSync(join(pkiDir, f), 'utf8');
      expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
      expect(pem).not.toContain('BEGIN PRIVATE KEY');
    }
  });

  it('refuses to overwrite an existing PKI', () => {
    const res = openseal(['pki', 'init', '--dir', pkiDir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ERR_PKI_EXISTS');
  });

  it('refuses a weak passphrase at pki init and at start, naming the rule and the way to change it', () => {
    const init = openseal(['pki', 'init', '--dir', join(work, 'weak')], { OPENSEAL_PASSPHRASE: 'change-me' });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('ERR_KEY_PASSPHRASE_WEAK');
    expect(init.stderr).toContain('at least 12');
    expect(readdirSync(work)).not.toContain('weak');
    const start = openseal(['serve', '--data', join(work, 'weak-data'), '--port', '1'], {
      OPENSEAL_PASSPHRASE: 'Password-2026!',
    });
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('common words');
    expect(start.stderr).toContain('openseal pki passphrase --dir');
  });

  it('pki passphrase moves a PKI with a weak passphrase to a strong one', async () => {
    const old = join(work, 'old-pki');
    // As an install from before the check: the library writes whatever passphrase it is given.
    await initPki({ dir: old, passphrase: 'change-me', keyAlgorithm: 'ecdsa-p256' });
    const input = join(fixtures, 'mupdf.pdf');
    const sign = (env: Record<string, string>) =>
      openseal(['sign', input, '-o', join(work, 'strong.pdf'), '--pki', old, '--level', 'B-B'], env);
    expect(sign({ OPENSEAL_PASSPHRASE: 'change-me' }).stderr).toContain('ERR_KEY_PASSPHRASE_WEAK');
    const weakNew = openseal(['pki', 'passphrase', '--dir', old], {
      OPENSEAL_PASSPHRASE: 'change-me',
      OPENSEAL_NEW_PASSPHRASE: 'changeme2027',
    });
    expect(weakNew.stderr).toContain('OPENSEAL_NEW_PASSPHRASE');
    const changed = openseal(['pki', 'passphrase', '--dir', old], {
      OPENSEAL_PASSPHRASE: 'change-me',
      OPENSEAL_NEW_PASSPHRASE: passphrase,
    });
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(0);
    expect(sign({ OPENSEAL_PASSPHRASE: passphrase }).code).toBe(0);
  });

  it('refuses a wrong passphrase and a missing one with a clear message', () => {
    const input = join(fixtures, 'mupdf.pdf');
    const wrong = openseal(['sign', input, '-o', join(work, 'x.pdf'), '--pki', pkiDir], {
      OPENSEAL_PASSPHRASE: 'wrong-passphrase',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('ERR_KEY_PASSPHRASE');
    const missing = openseal(['sign', input, '-o', join(work, 'x.pdf'), '--pki', pkiDir], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('OPENSEAL_PASSPHRASE');
  });

  it('seals by keyword at B-LT, and verify exits 0 with an authentic JSON report that pdfsig agrees with', () => {
    const out = join(work, 'sealed.pdf');
    const signed = openseal([
      'sign',
      join(fixtures, 'chromium-print.pdf'),
      '-o',
      out,
      '--pki',
      pkiDir,
      '--level',
      'B-LT',
      '--keyword',
      '盖章处',
      '--seal-name',
      '成绩专用章',
    ]);
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);

    const verified = openseal(['verify', out, '--trust', root, '--json']);
    expect(verified.code).toBe(0);
    const report = JSON.parse(verified.stdout) as {
      verdict: string;
      signatures: { pades: { level?: string } }[];
    };
    expect(report.verdict).toBe('authentic');
    expect(report.signatures[0]?.pades.level).toBe('B-LT');

    const sig = pdfsig(out, readFileSync(root, 'utf8')).signatures;
    expect(sig).toHaveLength(1);
    // B-LT appends a DSS revision after the signature, so pdfsig cannot call it "Total document
    // signed"; judging that revision harmless is our verifier's job (verdict above).
    expect(sig[0]).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: false });
  });

  it('certifies reserving a field with --reserve-field, then --field signs into it: pdfsig and pyHanko say valid', async () => {
    const certified = join(work, 'certified-reserved.pdf');
    const approved = join(work, 'certified-approved.pdf');
    const base = ['--pki', pkiDir, '--level', 'B-LT'];
    const first = openseal([
      'sign',
      join(fixtures, 'libreoffice.pdf'),
      '-o',
      certified,
      ...base,
      '--certify',
      '2',
      '--page',
      '1',
      '--x',
      '150',
      '--y',
      '150',
      '--reserve-field',
      'Archives@1,400,150',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = openseal(['sign', certified, '-o', approved, ...base, '--field', 'Archives']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const sig = pdfsig(approved, readFileSync(root, 'utf8'));
    expect(sig.signatures, sig.output).toHaveLength(2);
    for (const s of sig.signatures) expect(s.valid, sig.output).toBe(true);
    if (pyhankoAvailable('cli pyHanko check')) {
      const result = await pyhanko(['sign', 'validate'], approved, root, { revocation: true });
      expect(
        result.fields.map((f) => f.verdict),
        result.output,
      ).toEqual(['VALID', 'VALID']);
    }
  }, 180_000);

  it('verify exits 1 for a modified file and for an untrusted signer, 2 for a file that is not a PDF', () => {
    const out = join(work, 'certified.pdf');
    expect(
      openseal([
        'sign',
        join(fixtures, 'mupdf.pdf'),
        '-o',
        out,
        '--pki',
        pkiDir,
        '--certify',
        '2',
        '--cross-page',
      ]).code,
    ).toBe(0);
    expect(openseal(['verify', out, '--trust', root]).code).toBe(0);

    expect(openseal(['verify', out]).code).toBe(1);

    const bytes = readFileSync(out);
    const at = bytes.indexOf('/BaseFont/Helvetica') + '/BaseFont/Helvetic'.length;
    expect(at).toBeGreaterThan(20);
    bytes[at] = 'o'.charCodeAt(0); // one byte inside the signed range: Helvetica -> Helvetico
    const tampered = join(work, 'tampered.pdf');
    writeFileSync(tampered, bytes);
    const res = openseal(['verify', tampered, '--trust', root]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^INVALID/);

    // A 300 MB file (sparse, so it costs no disk) is refused by size before it is read.
    const huge = join(work, 'huge.pdf');
    writeFileSync(huge, '%PDF-1.7\n');
    truncateSync(huge, 300 * 1024 * 1024);
    const tooLarge = openseal(['verify', huge]);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr).toContain('ERR_PDF_TOO_LARGE');

    const notPdf = join(work, 'not.pdf');
    writeFileSync(notPdf, 'hello, this is not a PDF');
    const bad = openseal(['verify', notPdf]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERR_PDF_MALFORMED');
  });
});
