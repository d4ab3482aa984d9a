// Client side of the contract list benchmark, run as its own process (bench/contract-list.ts pins it
// to the core the server does not use). Reads a ContractListLoadRequest as JSON on stdin, signs in as
// the demo `creator` and `student`, checks each query once by hand (and takes page 1's cursor), then
// drives each with autocannon: a warm-up, then the measured run. Prints one JSON line
// (ContractListLoadResult) on stdout.
import type { ContractPage, SessionResponse } from '@openseal/contract';
import autocannon from 'autocannon';

export interface ContractListLoadRequest {
  port: number;
  passwords: Record<string, string>;
  /** A word of about 1% of the titles. */
  word: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export const LIST_QUERIES = ['first page', 'search', 'awaiting me', 'page 2'] as const;
export type ListQuery = (typeof LIST_QUERIES)[number];

export interface ListQueryResult {
  url: string;
  /** Items on the page checked by hand. */
  items: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

export type ContractListLoadResult = Record<ListQuery, ListQueryResult>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const req = JSON.parse(await readStdin()) as ContractListLoadRequest;
const base = `http://127.0.0.1:${req.port}`;

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: req.passwords[username] }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: HTTP ${res.status} ${await res.text()}`);
  (await res.json()) as SessionResponse;
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function page(path: string, cookie: string): Promise<ContractPage> {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as ContractPage;
  if (!Array.isArray(body.items))
    throw new Error(`GET ${path} did not answer a page: ${JSON.stringify(body)}`);
  return body;
}

const creator = await cookieOf('creator');
const student = await cookieOf('student');
const first = await page('/api/contracts', creator);
if (!first.next) throw new Error('page 1 of the creator has no cursor to the next page');
const paths: Record<ListQuery, { path: string; cookie: string }> = {
  'first page': { path: '/api/contracts', cookie: creator },
  search: { path: `/api/contracts?q=${encodeURIComponent(req.word)}`, cookie: creator },
  'awaiting me': { path: '/api/contracts?awaitingMe=true', cookie: student },
  'page 2': { path: `/api/contracts?after=${encodeURIComponent(first.next)}`, cookie: creator },
};

const out = {} as ContractListLoadResult;
for (const query of LIST_QUERIES) {
  const { path, cookie } = paths[query];
  // By hand first: a refusal shows its error body, and an empty page would measure nothing.
  const items = (await page(path, cookie)).items.length;
  if (items === 0) throw new Error(`GET ${path} answered an empty page`);
  const run = (seconds: number) =>
    autocannon({
      url: `${base}${path}`,
      headers: { cookie },
      connections: req.connections,
      duration: seconds,
    });
  await run(req.warmupSeconds);
  const result = await run(req.seconds);
  out[query] = {
    url: path,
    items,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
