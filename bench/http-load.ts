// Client side of the HTTP sealing benchmark, run as its own process (bench/http-seal.ts pins it to
// the core the server does not use). Reads a LoadRequest as JSON on stdin, signs in as the demo
// business creator, finds a seal usable for transcripts, checks one request by hand, then drives
// POST /api/seals/:id/use with autocannon: a warm-up run, then the measured run. Prints one JSON line
// (LoadResult) on stdout.
import { placementQuery, type SessionResponse, type UsableSeal } from '@openseal/contract';
import autocannon from 'autocannon';
import { samplePdf } from './sample-pdfs.ts';

export interface LoadRequest {
  port: number;
  username: string;
  password: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  sealName: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

const DOCUMENT_TYPE = 'transcript';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function expectOk(res: Response, what: string): Promise<void> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

const req = JSON.parse(await readStdin()) as LoadRequest;
const base = `http://127.0.0.1:${req.port}`;

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: req.username, password: req.password }),
});
await expectOk(login, 'sign-in as the demo creator');
const { csrfToken } = (await login.json()) as SessionResponse;
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

const usableRes = await fetch(`${base}/api/seals/usable`, { headers: { cookie } });
await expectOk(usableRes, 'GET /api/seals/usable');
const usable = (await usableRes.json()) as UsableSeal[];
// Empty documentTypes: the grant covers any type. The demo's 成绩专用章 first, else any that fits.
const fits = (u: UsableSeal) => u.documentTypes.length === 0 || u.documentTypes.includes(DOCUMENT_TYPE);
const chosen = usable.find((u) => fits(u) && u.seal.name.includes('成绩专用章')) ?? usable.find(fits);
if (!chosen) {
  const names = usable.map((u) => `${u.seal.name} [${u.documentTypes.join(',') || 'any'}]`).join('; ');
  throw new Error(`the demo creator has no seal usable for ${DOCUMENT_TYPE} (usable: ${names || 'none'})`);
}

// The PDF itself is the body; where and why go in the query string.
const fields = {
  ...placementQuery({ kind: 'page', page: 1, x: 300, y: 400 }),
  documentType: DOCUMENT_TYPE,
  purpose: 'bench',
};
const query = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]));
const url = `${base}/api/seals/${encodeURIComponent(chosen.seal.id)}/use?${query}`;
const headers = { 'content-type': 'application/pdf', cookie, 'x-csrf-token': csrfToken };
const payload = Buffer.from(await samplePdf(1));

// One request by hand first, so a refusal shows its error body instead of a bare non-2xx count.
const first = await fetch(url, { method: 'POST', headers, body: payload });
await expectOk(first, `POST /api/seals/${chosen.seal.id}/use`);
if (!first.headers.get('content-type')?.startsWith('application/pdf')) {
  throw new Error(`POST /api/seals/:id/use answered ${first.headers.get('content-type')}, not a PDF`);
}
await first.arrayBuffer();

// Sealing takes tens of milliseconds of CPU per request; 50 queued requests on one core can take
// seconds, so the timeout is far above any latency expected here.
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
const out: LoadResult = {
  sealName: chosen.seal.name,
  // Completed requests over the measured time, rather than the mean of per-second samples.
  requestsPerSecond: result.requests.total / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  durationSeconds: result.duration,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
