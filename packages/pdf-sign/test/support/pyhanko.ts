// pyHanko's CLI (../shared/tools/pyhanko/pyhanko) run on a file, its --pretty-print report split into one
// verdict per signature field. Each field's block ends with "The signature is judged VALID." (or
// INVALID); an error while validating prints no such line, which reads as no verdict.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
