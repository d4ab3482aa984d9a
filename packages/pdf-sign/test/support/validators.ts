// Wrappers around the external validators (poppler pdfsig, MuPDF mutool, qpdf) so tests judge our
// output by software we did not write. See NOTES: pdfsig exits 0 even for invalid signatures, so its
// lines are parsed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PdfsigSignature {
  readonly commonName: string | undefined;
  readonly signatureType: string | undefined;
  readonly valid: boolean;
  readonly trusted: boolean;
  readonly totalDocumentSigned: boolean;
  readonly validation: string | undefined;
  readonly certificateValidation: string | undefined;
}

const nssDirs = new Map<string, string>();

/** A temporary NSS database trusting `rootPem` (one per distinct root, reused across calls). */
export function nssDbTrusting(rootPem: string): string {
  const existing = nssDirs.get(rootPem);
  if (existing) return existing;
  const dir = mkdtempSync(join(tmpdir(), 'openseal-nss-'));
  const rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, rootPem);
  run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  run('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'openseal-root', '-t', 'CT,C,C', '-a', '-i', rootFile]);
  nssDirs.set(rootPem, dir);
  return dir;
}

/** Runs `pdfsig` on a file; with `rootPem`, against an NSS database that trusts it. */
export function pdfsig(file: string, rootPem?: string): { signatures: PdfsigSignature[]; output: string } {
  const args = rootPem ? ['-nssdir', `sql:${nssDbTrusting(rootPem)}`, file] : [file];
  const res = spawnSync('pdfsig', args, { encoding: 'utf8' });
  const output = `${res.stdout}${res.stderr}`;
  const blocks = output.split(/^Signature #\d+:$/m).slice(1);
  const signatures = blocks.map((block): PdfsigSignature => {
    const field = (label: string) => block.match(new RegExp(`- ${label}: (.*)$`, 'm'))?.[1]?.trim();
    const validation = field('Signature Validation');
    const certificateValidation = field('Certificate Validation');
    return {
      commonName: field('Signer Certificate Common Name'),
      signatureType: field('Signature Type'),
      validation,
      certificateValidation,
      valid: validation === 'Signature is Valid.',
      trusted: certificateValidation === 'Certificate is Trusted.',
      totalDocumentSigned: /- Total document signed/.test(block),
    };
  });
  return { signatures, output };
}

/** `qpdf --check`: exit 0 means no errors and no warnings. */
export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const res = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

/** MuPDF: rewrites the file (loading every page and object) and reports anything it complains about. */
export function mutoolCheck(file: string): { ok: boolean; output: string } {
  // Not /dev/null: MuPDF 1.21 never returns when writing there.
  const out = join(mkdtempSync(join(tmpdir(), 'openseal-mutool-')), 'clean.pdf');
  const res = spawnSync('mutool', ['clean', '-s', file, out], { encoding: 'utf8', timeout: 30_000 });
  rmSync(out, { force: true });
  const output = `${res.stdout}${res.stderr}`;
  return { ok: res.status === 0 && !/error|warning/i.test(output), output };
}

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr || res.stdout}`);
}
