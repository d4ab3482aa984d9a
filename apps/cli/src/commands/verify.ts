import { readFile, stat } from 'node:fs/promises';
import {
  DEFAULT_MAX_VERIFY_BYTES,
  httpRevocationSource,
  type VerificationReport,
  verify,
} from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import { CliError } from '../cli-error.ts';

export async function verifyCommand(
  file: string,
  opts: { trust?: string[]; json?: boolean; fetchRevocation?: boolean },
): Promise<void> {
  const size = (await stat(file)).size;
  // Refused before being read, so a huge file cannot exhaust memory.
  if (size > DEFAULT_MAX_VERIFY_BYTES) {
    throw new CliError(
      `ERR_PDF_TOO_LARGE: ${file} has ${size} bytes; the limit is ${DEFAULT_MAX_VERIFY_BYTES}`,
    );
  }
  const trustAnchors = (
    await Promise.all((opts.trust ?? []).map(async (p) => Certificate.fromPem(await readFile(p, 'utf8'))))
  ).flat();
  const report = await verify(await readFile(file), {
    trustAnchors,
    revocation: opts.fetchRevocation ? 'fetch' : 'embedded-only',
    fetchRevocation: opts.fetchRevocation ? httpRevocationSource() : undefined,
  });
  process.stdout.write(opts.json ? `${JSON.stringify(report, jsonValue, 2)}\n` : describe(report));
  process.exitCode = report.authenticAndUnmodified ? 0 : 1;
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function describe(report: VerificationReport): string {
  const lines = [`${report.verdict.toUpperCase()}: ${report.summary.en}`, `${report.summary.zh}`];
  for (const s of report.signatures) {
    const who = s.signer?.commonName ?? s.signer?.subject ?? 'unknown signer';
    const when = s.signingTime ? `${s.signingTime.time.toISOString()} (${s.signingTime.source})` : 'no time';
    lines.push(
      `  #${s.index + 1} ${s.kind} ${s.fieldName ?? ''}: ${s.indication}${s.subIndication ? ` ${s.subIndication}` : ''}` +
        ` | ${who} | ${when} | coverage ${s.coverage} | modifications ${s.modifications}` +
        ` | revocation ${s.revocation.status}${s.pades.level ? ` | PAdES ${s.pades.level}` : ''}`,
    );
    for (const p of s.problems) lines.push(`      - ${p.code}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
