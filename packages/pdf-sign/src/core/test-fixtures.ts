// Hand-built PDFs for tests: byte-exact offsets, so each malformation is the only defect in its file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');

export const concat = (parts: (string | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc(p) : p)));

/** Catalog 1, page tree 2, one page 3 (A4 inherited from the tree) with content stream 4. */
export const MINIMAL_OBJECTS: Record<number, string> = {
  1: '<< /Type /Catalog /Pages 2 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] /Rotate 90 >>',
  3: '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
  4: '<< /Length 8 >>\nstream\n0 0 m S\n\nendstream',
};

export interface Layout {
  bytes: Uint8Array;
  offsets: Map<number, number>;
  xrefOffset: number;
}

/** Header, the objects in key order, a classic xref table and trailer. */
export function classicPdf(objects: Record<number, string | Uint8Array>, trailerExtra = ''): Layout {
  const parts: (string | Uint8Array)[] = ['%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'];
  let pos = enc(parts[0] as string).length;
  const offsets = new Map<number, number>();
  const nums = Object.keys(objects)
    .map(Number)
    .sort((a, b) => a - b);
  for (const n of nums) {
    const body = objects[n]!;
    const chunk = concat([`${n} 0 obj\n`, body, '\nendobj\n']);
    offsets.set(n, pos);
    parts.push(chunk);
    pos += chunk.length;
  }
  const size = Math.max(0, ...nums) + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let n = 1; n < size; n++) {
    const o = offsets.get(n);
    xref += o === undefined ? '0000000000 00001 f\r\n' : `${String(o).padStart(10, '0')} 00000 n\r\n`;
  }
  parts.push(xref, `trailer\n<< /Size ${size} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${pos}\n%%EOF\n`);
  return { bytes: concat(parts), offsets, xrefOffset: pos };
}

/** Objects followed by a hand-written xref stream (object `xrefNum`) with raw rows `data`. */
export function xrefStreamPdf(
  objects: Record<number, string>,
  xrefNum: number,
  xrefDict: string,
  rows: (offsets: Map<number, number>, xrefOffset: number) => Uint8Array,
): Uint8Array {
  const parts: (string | Uint8Array)[] = ['%PDF-1.7\n'];
  let pos = 9;
  const offsets = new Map<number, number>();
  for (const [k, body] of Object.entries(objects)) {
    const chunk = enc(`${k} 0 obj\n${body}\nendobj\n`);
    offsets.set(Number(k), pos);
    parts.push(chunk);
    pos += chunk.length;
  }
  const data = rows(offsets, pos);
  parts.push(`${xrefNum} 0 obj\n<< /Type /XRef ${xrefDict} /Length ${data.length} >>\nstream\n`, data);
  parts.push(`\nendstream\nendobj\nstartxref\n${pos}\n%%EOF\n`);
  return concat(parts);
}

/** One xref-stream row: type, then big-endian fields of the given widths. */
export function row(widths: number[], values: number[]): Uint8Array {
  const out: number[] = [];
  widths.forEach((w, i) => {
    for (let k = w - 1; k >= 0; k--) out.push(Math.floor(values[i]! / 256 ** k) % 256);
  });
  return Uint8Array.from(out);
}

/** A scratch directory under the OS temp dir. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'openseal-core-'));

/** Runs a CLI tool; returns exit code and combined output, never throws. */
export function run(cmd: string, args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Writes `bytes` to `dir/name`, runs a tool that writes `dir/out`, returns its bytes. */
export function transform(
  dir: string,
  bytes: Uint8Array,
  cmd: string,
  args: (i: string, o: string) => string[],
) {
  const i = join(dir, `in-${Math.random().toString(36).slice(2)}.pdf`);
  const o = `${i}.out.pdf`;
  writeFileSync(i, bytes);
  const r = run(cmd, args(i, o));
  if (r.code !== 0 && r.code !== 3) throw new Error(`${cmd} failed: ${r.out}`);
  return new Uint8Array(readFileSync(o));
}
