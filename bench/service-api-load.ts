// Client side of the service API benchmark, run as its own process (bench/service-api.ts pins it to
// the core the server does not use). Reads {port, key, sealId, connections, seconds, warmupSeconds,
// batchFiles} as JSON on stdin; drives POST /api/service/v1/seals/:id/stamp with autocannon (a warm-up
// run, then the measured run), then stamps `batchFiles` uploaded PDFs as one batch through the OA
// script. Prints one JSON line (ServiceLoadResult) on stdout.
import { placementQuery } from '@openseal/contract';
import autocannon from 'autocannon';
import { oaBatchStamp } from '../scripts/oa-batch-stamp.ts';
import { samplePdf } from './sample-pdfs.ts';

export interface ServiceLoadRequest {
  port: number;
  key: string;
  sealId: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  batchFiles: number;
}

export interface ServiceLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
  batch: { files: number; sealed: number; failed: number; uploadSeconds: number; sealSeconds: number };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const req = JSON.parse(await readStdin()) as ServiceLoadRequest;
const base = `http://127.0.0.1:${req.port}`;
const fields = {
  ...placementQuery({ kind: 'page', page: 1, x: 300, y: 400 }),
  documentType: 'official-letter',
  purpose: 'bench',
};
const query = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]));
const url = `${base}/api/service/v1/seals/${encodeURIComponent(req.sealId)}/stamp?${query}`;
const headers = { 'content-type': 'application/pdf', authorization: `Bearer ${req.key}` };
const payload = Buffer.from(await samplePdf(1));

// One request by hand first, so a refusal shows its error body instead of a bare non-2xx count.
const first = await fetch(url, { method: 'POST', headers, body: payload });
if (!first.ok || !first.headers.get('content-type')?.startsWith('application/pdf'))
  throw new Error(`POST ${url}: HTTP ${first.status} ${await first.text()}`);
await first.arrayBuffer();

const run = (seconds: number) =>
  autocannon({
    url,
    method: 'POST',
    headers,
    body: payload,
    connections: req.connections,
    duration: seconds,
    timeout: 60,
  });
await run(req.warmupSeconds);
const result = await run(req.seconds);

// The batch: uploaded, sealed in the background, downloaded and checked by our verifier.
const batch = await oaBatchStamp({ baseUrl: base, key: req.key, sealId: req.sealId, count: req.batchFiles });
if (batch.problems.length > 0)
  throw new Error(`the batch had problems: ${batch.problems.slice(0, 5).join('; ')}`);

const out: ServiceLoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  durationSeconds: result.duration,
  batch: {
    files: batch.files,
    sealed: batch.sealed,
    failed: batch.failed,
    uploadSeconds: batch.uploadSeconds,
    sealSeconds: batch.sealSeconds,
  },
};
process.stdout.write(`${JSON.stringify(out)}\n`);
