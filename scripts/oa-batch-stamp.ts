// A script acting as an OA system (issue 15's check): with a service account's key it opens one batch
// on the service API, uploads COUNT one-page PDFs (approval forms, each with its own number), starts
// the batch, waits for it, downloads every sealed file and checks each one: OpenSeal's verifier
// (POST /api/service/v1/verify: authentic and in the ledger) and, with a root certificate, poppler's
// pdfsig on a sample (or all). Prints the figures as JSON.
//
//   node --import tsx scripts/oa-batch-stamp.ts --base-url http://127.0.0.1:3000 --key osk_… \
//     --seal <seal id> [--count 1000] [--root-pem DATA/pki/root.pem] [--pdfsig-sample 50|all]
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  ServiceBatch,
  ServiceBatchFile,
  ServiceLedgerPage,
  VerificationResult,
} from '@openseal/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface OaBatchOptions {
  baseUrl: string;
  key: string;
  sealId: string;
  count: number;
  /** PEM of the root the seals chain to: pdfsig checks against it. Absent: no pdfsig check. */
  rootPem?: string;
  /** How many outputs pdfsig checks (spread over the batch); default all. */
  pdfsigSample?: number;
  /** Uploads, downloads and verifications in flight at once; default 8. */
  parallel?: number;
  /** Progress lines; default none. */
  log?: (line: string) => void;
}

export interface OaBatchReport {
  batchId: string;
  files: number;
  sealed: number;
  failed: number;
  uploadSeconds: number;
  /** From the start call to the batch's completion. */
  sealSeconds: number;
  sealedPerSecond: number;
  downloadVerifySeconds: number;
  /** Outputs OpenSeal's verifier called authentic and found in the ledger. */
  verified: number;
  pdfsigChecked: number;
  /** pdfsig: signature valid, certificate trusted, whole document signed. */
  pdfsigValid: number;
  /** Ledger rows of the account after the run (its own ledger, paged). */
  ledgerRows: number;
  problems: string[];
}

/** One approval form, numbered, as an OA system would print it. */
async function approvalForm(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('OA approval form', { x: 72, y: 760, size: 20, font });
  page.drawText(`No. OA-2026-${String(n).padStart(5, '0')}`, { x: 72, y: 730, size: 12, font });
  page.drawText('Approved by the department head. Seal below.', { x: 72, y: 700, size: 12, font });
  return doc.save({ useObjectStreams: false });
}

/** Runs `task` over `items`, at most `parallel` at once. */
async function inParallel<T>(items: readonly T[], parallel: number, task: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

/**
 * pdfsig's verdict on `pdf` against an NSS database trusting `rootPem` (pdfsig exits 0 whatever it
 * finds, so its lines are read).
 */
async function pdfsigAccepts(dir: string, pdf: Uint8Array, n: number): Promise<boolean> {
  const file = join(dir, `${n}.pdf`);
  writeFileSync(file, pdf);
  const output = await new Promise<string>((resolve) =>
    execFile('pdfsig', ['-nssdir', `sql:${dir}`, file], { encoding: 'utf8' }, (_e, out, err) =>
      resolve(`${out}${err}`),
    ),
  );
  rmSync(file);
  const blocks = output.split(/^Signature #\d+:$/m).slice(1);
  return (
    blocks.length > 0 &&
    blocks.every(
      (b) =>
        /- Signature Validation: Signature is Valid\./.test(b) &&
        /- Certificate Validation: Certificate is Trusted\./.test(b),
    ) &&
    blocks.some((b) => /- Total document signed/.test(b))
  );
}

function nssDatabase(rootPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oa-batch-nss-'));
  writeFileSync(join(dir, 'root.pem'), rootPem);
  for (const args of [
    ['-N', '-d', `sql:${dir}`, '--empty-password'],
    ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-a', '-i', join(dir, 'root.pem')],
  ]) {
    const r = spawnSync('certutil', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`certutil failed: ${r.stderr || r.stdout}`);
  }
  return dir;
}

const seconds = (from: number) => (performance.now() - from) / 1000;

export async function oaBatchStamp(opts: OaBatchOptions): Promise<OaBatchReport> {
  const log = opts.log ?? (() => {});
  const parallel = opts.parallel ?? 8;
  const auth = { authorization: `Bearer ${opts.key}` };
  const api = `${opts.baseUrl.replace(/\/$/, '')}/api/service/v1`;
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    for (;;) {
      const res = await fetch(`${api}${path}`, { ...init, headers: { ...auth, ...init.headers } });
      // Over the account's rate: wait what the server says, then go on.
      if (res.status === 429) {
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res;
    }
  };
  const json = async <T>(path: string, init?: RequestInit) => (await (await call(path, init)).json()) as T;

  const batch = await json<ServiceBatch>('/batches', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      sealId: opts.sealId,
      documentType: 'official-letter',
      purpose: 'OA 审批单批量盖章',
      placement: { kind: 'page', page: 1, x: 420, y: 160 },
    }),
  });
  log(`batch ${batch.id} opened; uploading ${opts.count} PDFs`);
  const forms = Array.from({ length: opts.count }, (_, i) => i + 1);
  const uploadStart = performance.now();
  await inParallel(forms, parallel, async (n) => {
    await call(`/batches/${batch.id}/files?name=${encodeURIComponent(`OA-2026-${n}.pdf`)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from(await approvalForm(n)),
    });
  });
  const uploadSeconds = seconds(uploadStart);
  log(`uploaded in ${uploadSeconds.toFixed(1)} s; starting`);

  const sealStart = performance.now();
  await call(`/batches/${batch.id}/start`, { method: 'POST' });
  let done: ServiceBatch;
  for (;;) {
    done = await json<ServiceBatch>(`/batches/${batch.id}`);
    if (done.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const sealSeconds = seconds(sealStart);
  log(`completed in ${sealSeconds.toFixed(1)} s: ${done.sealed} sealed, ${done.failed} failed`);

  const files: ServiceBatchFile[] = [];
  for (let after = 0; ; ) {
    const page = await json<ServiceBatchFile[]>(`/batches/${batch.id}/files?after=${after}&limit=1000`);
    if (page.length === 0) break;
    files.push(...page);
    after = page[page.length - 1]!.seq;
  }
  const problems: string[] = files
    .filter((f) => f.status !== 'sealed')
    .map((f) => `${f.name}: ${f.status} ${f.error ?? ''}`);
  const sample = Math.min(opts.pdfsigSample ?? files.length, files.length);
  const step = sample > 0 ? files.length / sample : Number.POSITIVE_INFINITY;
  const checkedByPdfsig = new Set(Array.from({ length: sample }, (_, i) => Math.floor(i * step)));
  const nss = opts.rootPem ? nssDatabase(opts.rootPem) : null;
  let verified = 0;
  let pdfsigChecked = 0;
  let pdfsigValid = 0;
  const downloadStart = performance.now();
  try {
    const sealed = files.map((f, i) => ({ f, i })).filter(({ f }) => f.status === 'sealed');
    await inParallel(sealed, parallel, async ({ f, i }) => {
      const pdf = new Uint8Array(await (await call(`/batches/${batch.id}/files/${f.seq}`)).arrayBuffer());
      const result = await json<VerificationResult>('/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: Buffer.from(pdf),
      });
      if (result.verdict === 'authentic' && result.inLedger && result.sha256 === f.sha256) verified += 1;
      else problems.push(`${f.name}: verifier says ${result.verdict}, in ledger ${result.inLedger}`);
      if (nss && checkedByPdfsig.has(i)) {
        pdfsigChecked += 1;
        if (await pdfsigAccepts(nss, pdf, f.seq)) pdfsigValid += 1;
        else problems.push(`${f.name}: pdfsig does not accept it`);
      }
    });
  } finally {
    if (nss) rmSync(nss, { recursive: true, force: true });
  }
  const downloadVerifySeconds = seconds(downloadStart);

  let ledgerRows = 0;
  for (let after: string | null = null; ; ) {
    const page: ServiceLedgerPage = await json<ServiceLedgerPage>(
      `/ledger?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    ledgerRows += page.items.length;
    if (!page.next) break;
    after = page.next;
  }
  return {
    batchId: batch.id,
    files: done.files,
    sealed: done.sealed,
    failed: done.failed,
    uploadSeconds,
    sealSeconds,
    sealedPerSecond: done.sealed / sealSeconds,
    downloadVerifySeconds,
    verified,
    pdfsigChecked,
    pdfsigValid,
    ledgerRows,
    problems,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      key: { type: 'string' },
      seal: { type: 'string' },
      count: { type: 'string', default: '1000' },
      'root-pem': { type: 'string' },
      'pdfsig-sample': { type: 'string', default: 'all' },
    },
  });
  const baseUrl = values['base-url'];
  const key = values.key ?? process.env['OPENSEAL_SERVICE_KEY'];
  if (!baseUrl || !key || !values.seal)
    throw new Error(
      'usage: oa-batch-stamp --base-url URL --key osk_… --seal SEAL_ID [--count N] [--root-pem FILE]',
    );
  const sample = values['pdfsig-sample'];
  const report = await oaBatchStamp({
    baseUrl,
    key,
    sealId: values.seal,
    count: Number(values.count),
    ...(values['root-pem'] ? { rootPem: readFileSync(values['root-pem'], 'utf8') } : {}),
    ...(sample && sample !== 'all' ? { pdfsigSample: Number(sample) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.problems.length > 0 || report.failed > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
