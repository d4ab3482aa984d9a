// pyHanko's CLI (../shared/tools/pyhanko/pyhanko) run on a file, its --pretty-print report split into one
// verdict per signature field. Each field's block ends with "The signature is judged VALID." (or
// INVALID); an error while validating prints no such line, which reads as no verdict.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The wrapper in ../shared/tools/pyhanko beside the repository; tests that need it skip without it. */
export const PYHANKO = fileURLToPath(new URL('../../../../../shared/tools/pyhanko/pyhanko', import.meta.url));

/** Whether PYHANKO exists; if not, says so once on stderr, naming `suite`. */
export function pyhankoAvailable(suite: string): boolean {
  const available = existsSync(PYHANKO);
  if (!available) process.stderr.write(`${suite}: skipped, ${PYHANKO} (../shared/tools/pyhanko) is absent\n`);
  return available;
}

export interface PyhankoField {
  readonly name: string;
  readonly verdict: 'VALID' | 'INVALID' | undefined;
}

export interface PyhankoResult {
  readonly fields: readonly PyhankoField[];
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * `pyhanko <command> --trust ROOT --trust-replace --pretty-print FILE`, with `--no-revocation-check`
 * unless `revocation` (then pyHanko fetches the OCSP and CRL URLs in the certificates). Asynchronous:
 * a run takes seconds, and the test PKI's server must keep answering meanwhile.
 */
export async function pyhanko(
  command: readonly string[],
  file: string,
  rootPem: string,
  opts: { revocation: boolean },
): Promise<PyhankoResult> {
  const args = [...command, '--trust', rootPem, '--trust-replace', '--pretty-print'];
  if (!opts.revocation) args.push('--no-revocation-check');
  const child = spawn(PYHANKO, [...args, file], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const output = `${stdout}${stderr}`;
  // Each field's block: a "Field N: name" header between two rules of '=', then its report.
  const blocks = stdout.split(/^=+\nField \d+: (.*)\n=+$/m).slice(1);
  const fields: PyhankoField[] = [];
  for (let i = 0; i + 1 < blocks.length; i += 2) {
    const verdict = blocks[i + 1]!.match(/The signature is judged (VALID|INVALID)\./)?.[1];
    fields.push({ name: blocks[i]!.trim(), verdict: verdict as PyhankoField['verdict'] });
  }
  return { fields, exitCode, output };
}

/** Debian's Python modules pyHanko needs, linked into a folder of their own as the wrapper does. */
const DEBIAN_MODULES = [
  'asn1crypto',
  'lxml',
  'oscrypto',
  'platformdirs',
  'tzlocal',
  'uritools',
  'pytz_deprecation_shim',
];

/**
 * pyHanko's AdES validation from the file's embedded data alone (pyhanko-ades-local.py: no fetching),
 * one ETSI indication per signature field, e.g. "AdESPassed.OK".
 */
export async function pyhankoAdesLocal(
  file: string,
  rootPem: string,
): Promise<{ fields: { field: string; indication: string }[]; output: string }> {
  const src = join(dirname(PYHANKO), 'src');
  const site = mkdtempSync(join(tmpdir(), 'openseal-pyhanko-site-'));
  try {
    for (const m of DEBIAN_MODULES) {
      const from = `/usr/lib/python3/dist-packages/${m}`;
      if (existsSync(from)) symlinkSync(from, join(site, m));
    }
    const pythonPath = ['pyhanko/src', 'pyhanko-certvalidator/src', 'pyhanko-cli/src']
      .map((p) => join(src, p))
      .concat(site)
      .join(':');
    const script = fileURLToPath(new URL('./pyhanko-ades-local.py', import.meta.url));
    const child = spawn('python3', [script, file, rootPem], {
      env: { ...process.env, PYTHONPATH: pythonPath },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    await new Promise((resolve) => child.once('close', resolve));
    const fields = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { field: string; indication: string });
    return { fields, output: `${stdout}${stderr}` };
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}
