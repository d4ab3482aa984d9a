// gm-oracle (../shared/tools/gm-oracle): an independent SM2/SM3 PDF signer and verifier on BouncyCastle
// and PDFBox from Debian, run as a child process. Suites that need it skip, saying so, when the wrapper
// beside the repository is absent; when it is present, a missing java or jar fails them (.ci/run installs
// both) instead of skipping.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GM_ORACLE = fileURLToPath(
  new URL('../../../../../shared/tools/gm-oracle/gm-oracle', import.meta.url),
);

/** Whether GM_ORACLE exists; if not, says so once on stderr, naming `suite`. */
export function gmOracleAvailable(suite: string): boolean {
  const available = existsSync(GM_ORACLE);
  if (!available)
    process.stderr.write(`${suite}: skipped, ${GM_ORACLE} (../shared/tools/gm-oracle) is absent\n`);
  return available;
}

const JARS = process.env.GM_ORACLE_JARS ?? '/usr/share/java';
const NEEDED = ['java', 'bcprov.jar', 'bcpkix.jar', 'bcutil.jar', 'pdfbox2.jar', 'fontbox2.jar'];

/** Throws, naming what to install, when java or one of the oracle's jars is missing. */
export function requireGmOracleRuntime(): void {
  const missing = NEEDED.filter((n) =>
    n === 'java' ? spawnSync('java', ['-version']).status !== 0 : !existsSync(join(JARS, n)),
  );
  if (missing.length > 0) {
    throw new Error(
      `gm-oracle needs ${missing.join(', ')}: apt-get install libbcprov-java libbcpkix-java libbcutil-java ` +
        'libpdfbox2-java default-jdk-headless (as .ci/run does)',
    );
  }
}

/** One line of `verify-pdf` output: one signature field (README "JSON fields"). */
export interface OracleSignature {
  field: string;
  subfilter: string;
  digestAlg: string | null;
  sigAlg: string | null;
  intact: boolean;
  signatureValid: boolean;
  chainTrusted: boolean;
  timestamp: { present: boolean; valid: boolean | null; time: string | null; tsaTrusted?: boolean };
  coversWholeFile: boolean;
  format?: string;
  bcCmsVerify?: boolean;
  errors: string[];
  warnings?: string[];
}

export interface OracleRun {
  status: number | null;
  output: string;
  /** stdout's JSON lines. */
  json: Record<string, unknown>[];
}

/** Runs `gm-oracle args…` (compiles its sources on first use, ≈ 10 s). */
export function gmOracle(args: readonly string[]): OracleRun {
  const r = spawnSync(GM_ORACLE, args, { encoding: 'utf8', timeout: 120_000 });
  const json = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ?? ''}`, json };
}

/** `gm-oracle verify-pdf FILE --trust ROOT [--require-whole]`: the exit status and one entry per field. */
export function oracleVerifyPdf(
  file: string,
  rootPem: string,
  opts: { requireWhole?: boolean } = {},
): { status: number | null; signatures: OracleSignature[]; output: string } {
  const r = gmOracle([
    'verify-pdf',
    file,
    '--trust',
    rootPem,
    ...(opts.requireWhole ? ['--require-whole'] : []),
  ]);
  return { status: r.status, signatures: r.json as unknown as OracleSignature[], output: r.output };
}

/** A fresh directory holding the oracle's own SM2 PKI (root.pem, ca.pem, seal.pem, tsa.pem, *.key.pem). */
export function oraclePki(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'openseal-gm-oracle-')), 'pki');
  const r = gmOracle(['make-pki', dir]);
  if (r.status !== 0) throw new Error(`gm-oracle make-pki failed: ${r.output}`);
  return dir;
}

/** `gm-oracle sign-pdf` with the PKI of oraclePki(), in `mode`, with its SM2 TSA's token. */
export function oracleSignPdf(input: string, output: string, pki: string, mode: 'cms' | 'gmt0010'): void {
  const r = gmOracle([
    'sign-pdf',
    input,
    output,
    ...['--key', join(pki, 'seal.key.pem'), '--cert', join(pki, 'seal.pem'), '--chain', join(pki, 'ca.pem')],
    ...['--mode', mode, '--tsa-key', join(pki, 'tsa.key.pem'), '--tsa-cert', join(pki, 'tsa.pem')],
  ]);
  if (r.status !== 0) throw new Error(`gm-oracle sign-pdf --mode ${mode} failed: ${r.output}`);
}
