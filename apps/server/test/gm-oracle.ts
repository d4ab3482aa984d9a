// gm-oracle (../shared/tools/gm-oracle: BouncyCastle + PDFBox from Debian) as the server tests call it:
// its verdict on each signature of a sealed PDF. Where the wrapper beside the repository is absent the
// suites that need it skip, saying so; in CI (CI set) its absence fails them, since .ci/run provides it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pki } from '@openseal/pki';

export const GM_ORACLE = fileURLToPath(
  new URL('../../../../shared/tools/gm-oracle/gm-oracle', import.meta.url),
);

/** Whether gm-oracle can run here; throws in CI when it cannot, says why on stderr otherwise. */
export function gmOracleHere(suite: string): boolean {
  if (existsSync(GM_ORACLE)) return true;
  const why = `${suite}: ${GM_ORACLE} (../shared/tools/gm-oracle) is absent`;
  if (process.env['CI']) throw new Error(why);
  process.stderr.write(`${why}; skipped\n`);
  return false;
}

/** One line of `verify-pdf` output: one signature field (the README's "JSON fields" these tests read). */
export interface OracleLine {
  field: string;
  intact: boolean;
  signatureValid: boolean;
  chainTrusted: boolean;
  digestAlg: string | null;
  sigAlg: string | null;
  errors: string[];
  timestamp: {
    present: boolean;
    valid: boolean | null;
    tsaTrusted?: boolean;
    imprintAlg?: string;
    tsa?: string;
  };
}

/** gm-oracle's verdict on each signature of `pdf`, trusting only `roots`. */
export function oracleVerdicts(
  pdf: Uint8Array,
  roots: readonly Pki['root'][],
): { status: number | null; lines: OracleLine[] } {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-gm-oracle-'));
  try {
    writeFileSync(join(dir, 'sealed.pdf'), pdf);
    const trust = roots.flatMap((root, i) => {
      writeFileSync(join(dir, `root-${i}.pem`), root.certificate.toPem());
      return ['--trust', join(dir, `root-${i}.pem`)];
    });
    const r = spawnSync(GM_ORACLE, ['verify-pdf', join(dir, 'sealed.pdf'), ...trust], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const lines = (r.stdout ?? '')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as OracleLine);
    return { status: r.status, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
