// gm-oracle (../shared/tools/gm-oracle): an independent SM2/SM3 implementation on BouncyCastle from
// Debian, run as a child process. Tests that need it skip when the wrapper is absent; when it is present
// its jars must be installed (.ci/run installs them), and a missing jar fails the test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GM_ORACLE = fileURLToPath(
  new URL('../../../../shared/tools/gm-oracle/gm-oracle', import.meta.url),
);

/** Whether GM_ORACLE exists; if not, says so once on stderr, naming `suite`. */
export function gmOracleAvailable(suite: string): boolean {
  const available = existsSync(GM_ORACLE);
  if (!available)
    process.stderr.write(`${suite}: skipped, ${GM_ORACLE} (../shared/tools/gm-oracle) is absent\n`);
  return available;
}

export interface OracleRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout's JSON lines. */
  json: Record<string, unknown>[];
}

/** Runs `gm-oracle args…` (compiles its sources on first use, ≈ 10 s). */
export function gmOracle(args: readonly string[]): OracleRun {
  const r = spawnSync(GM_ORACLE, args, { encoding: 'utf8', timeout: 120_000 });
  const json = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** A fresh directory holding the oracle's own SM2 PKI (root.pem, ca.pem, seal.pem, tsa.pem, *.key.pem). */
export function oraclePki(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'openseal-gm-oracle-')), 'pki');
  const r = gmOracle(['make-pki', dir]);
  if (r.status !== 0) throw new Error(`gm-oracle make-pki failed: ${r.stderr}`);
  return dir;
}

const JARS = process.env.GM_ORACLE_JARS ?? '/usr/share/java';
const classpath = ['bcprov', 'bcpkix', 'bcutil'].map((j) => join(JARS, `${j}.jar`)).join(':');
let gmCheckClasses: string | undefined;

/**
 * `GmCheck crl|ocsp|tsa DER_FILE SIGNER.pem` (gm-check/GmCheck.java): BouncyCastle checks the signature of
 * a CRL, an OCSP response or a time-stamp token, which gm-oracle has no command for. Compiled on first use.
 */
export function gmCheck(kind: 'crl' | 'ocsp' | 'tsa', derFile: string, signerPem: string): OracleRun {
  return runGmCheck([kind, derFile, signerPem]);
}

/**
 * `GmCheck sm4-open|sm4-seal KEY HEADER DATA` (gm-check/Sm4Box.java), all hex: BouncyCastle's SM4-CBC and
 * HMAC-SM3 open or make the SM4 box of keys at rest; stdout is "OK <hex>" or "FAIL <reason>".
 */
export function gmCheckSm4(
  op: 'sm4-open' | 'sm4-seal',
  key: Uint8Array,
  header: Uint8Array,
  data: Uint8Array,
) {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return runGmCheck([op, hex(key), hex(header), hex(data)]);
}

function runGmCheck(args: readonly string[]): OracleRun {
  if (!gmCheckClasses) {
    const out = mkdtempSync(join(tmpdir(), 'openseal-gm-check-'));
    const sources = fileURLToPath(new URL('./gm-check/', import.meta.url));
    const c = spawnSync(
      'javac',
      ['-nowarn', '-cp', classpath, '-sourcepath', sources, '-d', out, join(sources, 'GmCheck.java')],
      { encoding: 'utf8' },
    );
    if (c.status !== 0) throw new Error(`javac GmCheck failed: ${c.stderr}`);
    gmCheckClasses = out;
  }
  const r = spawnSync('java', ['-cp', `${gmCheckClasses}:${classpath}`, 'GmCheck', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: [] };
}

/** A one-page PDF with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
