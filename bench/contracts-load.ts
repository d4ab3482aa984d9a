// Client side of the contracts benchmark, run as its own process (bench/contracts.ts pins it to the
// core the server does not use). Reads a ContractsLoadRequest as one JSON line on stdin; signs in as
// the demo `creator`, makes `concurrency` member accounts and signs each in with a WebCrypto ECDSA
// P-256 key of its own (non-extractable, kept for the run, as a browser keeps it); prints
// {"phase":"ready"} and waits for a `go` line. Then `concurrency` workers each drive whole
// contracts: the creator generates one from the demo 学生课程协议 template (the signer, then the
// 合同专用章), the signer
// certifies their key, prepares, signs toBeSigned and completes, the creator stamps and fetches the
// evidence report. One contract per worker warms up first, outside the figures. Prints one JSON
// line (ContractsLoadResult).
import { webcrypto } from 'node:crypto';
import { createInterface } from 'node:readline';
import type {
  ContractDetail,
  ContractTemplateSummary,
  SessionResponse,
  UsableSeal,
} from '@openseal/contract';
import { bitString, ecdsaRawToDer, integer, OID, oid, sequence, tlv } from '@openseal/pki';
import { CONTRACT_STEPS, type ContractStep, SIGNING_STEPS } from './contract-steps.ts';
import type { ContractsServerStarted } from './contracts-server.ts';
import { memberAccounts } from './member-accounts.ts';
import { type LatencySummary, latencySummary } from './percentiles.ts';

export interface ContractsLoadRequest extends ContractsServerStarted {
  /** Contracts in the measured run (after one warm-up contract per worker). */
  contracts: number;
  concurrency: number;
}

export interface ContractsLoadResult {
  warmupContracts: number;
  /** Contracts started in the measured run. */
  contracts: number;
  /** Of those, the ones that reached `completed` and whose evidence report came back. */
  completed: number;
  seconds: number;
  steps: Record<ContractStep, LatencySummary>;
  signing: LatencySummary;
  /** One whole contract, generation to evidence report, as its worker saw it. */
  contract: LatencySummary;
  /** Failed requests by step (non-2xx, a wrong answer or a connection error), warm-up included. */
  failures: Record<ContractStep, number>;
}

/** The demo's contract template every contract is generated from (seed-demo-contract-templates.ts). */
const COURSE_TEMPLATE = '学生课程协议';
const CONTRACT_SEAL = '示范大学合同专用章';
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

interface Session {
  cookie: string;
  csrf: string;
}

class StepFailed extends Error {
  constructor(
    readonly step: ContractStep,
    message: string,
  ) {
    super(message);
  }
}

const input = createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
async function nextLine(): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error('stdin closed before the parent said go');
  return value;
}

const req = JSON.parse(await nextLine()) as ContractsLoadRequest;
const base = `http://127.0.0.1:${req.port}`;
// Node's fetch is undici's; the browser's `User-Agent` is recorded with every event like this one.
const userAgent = 'openseal-bench/contracts';

async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: HTTP ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as SessionResponse;
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: csrfToken };
}

/** A signer as a browser is one: its key, its PKCS#10 request (empty subject), its session. */
interface Signer {
  username: string;
  session: Session;
  csr: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

async function browserSigner(username: string, session: Session): Promise<Signer> {
  const { subtle } = webcrypto;
  const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
  const sign = async (data: Uint8Array) =>
    new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data));
  // RFC 2986 4.1: CertificationRequestInfo, signed by the key it carries.
  const info = sequence(integer(0), sequence(), spki, tlv(0xa0, new Uint8Array(0)));
  const csr = sequence(info, sequence(oid(OID.ecdsaWithSHA256)), bitString(ecdsaRawToDer(await sign(info))));
  return { username, session, csr: b64(csr), sign };
}

/** One request of `step`, timed from send to the whole body read; a non-2xx answer throws StepFailed. */
async function timed(
  step: ContractStep,
  times: number[] | undefined,
  session: Session,
  method: 'GET' | 'POST',
  path: string,
  body?: { json: object } | { bytes: Uint8Array; contentType: string },
): Promise<{ json: unknown; bytes: Uint8Array }> {
  const headers: Record<string, string> = { cookie: session.cookie, 'user-agent': userAgent };
  if (method === 'POST') headers['x-csrf-token'] = session.csrf;
  let payload: string | Uint8Array<ArrayBuffer> | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.contentType;
    payload = body.bytes as Uint8Array<ArrayBuffer>;
  }
  const started = performance.now();
  let res: Response;
  let bytes: Uint8Array;
  try {
    res = await fetch(`${base}${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new StepFailed(step, `${method} ${path}: ${(e as Error).message}`);
  }
  times?.push(performance.now() - started);
  if (!res.ok)
    throw new StepFailed(
      step,
      `${method} ${path}: HTTP ${res.status} ${Buffer.from(bytes).toString('utf8')}`,
    );
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  const parsed: unknown = isJson ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined;
  return { json: parsed, bytes };
}

const creator = await signIn('creator', req.passwords['creator'] ?? '');
const usable = (await timed('generate', undefined, creator, 'GET', '/api/seals/usable')).json as UsableSeal[];
const seal = usable.find((u) => u.seal.name === CONTRACT_SEAL && u.documentTypes.includes('contract'));
if (!seal) throw new Error(`the demo creator may not stamp contracts with ${CONTRACT_SEAL}`);
const accounts = await memberAccounts(base, req.passwords, 'signer', req.concurrency);
const signers = await Promise.all(
  accounts.map(async (a) => browserSigner(a.username, await signIn(a.username, a.password))),
);
const templates = (await timed('generate', undefined, creator, 'GET', '/api/contract-templates'))
  .json as ContractTemplateSummary[];
const template = templates.find((t) => t.name.startsWith(COURSE_TEMPLATE));
if (!template) throw new Error(`the demo has no ${COURSE_TEMPLATE} template for the creator`);

const times = Object.fromEntries(CONTRACT_STEPS.map((s) => [s, [] as number[]])) as Record<
  ContractStep,
  number[]
>;
const failures = Object.fromEntries(CONTRACT_STEPS.map((s) => [s, 0])) as Record<ContractStep, number>;
const contractTimes: number[] = [];
let shownFailures = 0;

/** Contract `n` from its generation to its evidence report; false when a request failed (counted and shown). */
async function oneContract(n: number, signer: Signer, measured: boolean): Promise<boolean> {
  const t = measured ? times : undefined;
  const started = performance.now();
  try {
    const created = await timed(
      'generate',
      t?.generate,
      creator,
      'POST',
      `/api/contract-templates/${template!.id}/contracts`,
      {
        json: {
          title: `学生课程协议 Student course agreement No. ${n}`,
          data: {
            studentName: `学生 Student ${n}`,
            course: '数据结构 Data Structures',
            fee: String(3000 + (n % 500)),
            startDate: '2026-09-14',
            rulesRead: true,
          },
          order: 'sequential',
          parties: [
            { role: 'student', username: signer.username },
            { role: 'school', sealId: seal!.seal.id },
          ],
        },
      },
    );
    const contract = created.json as ContractDetail;
    const path = `/api/contracts/${contract.id}`;
    const s = signer.session;
    const cert = await timed('certificate', t?.certificate, s, 'POST', `${path}/signer-certificate`, {
      json: { csr: signer.csr },
    });
    const prepared = await timed('prepare', t?.prepare, s, 'POST', `${path}/signature/prepare`, {
      json: {
        certificate: (cert.json as { certificate: string }).certificate,
        appearance: { kind: 'typed' },
        consent: true,
      },
    });
    const toBeSigned = Buffer.from((prepared.json as { toBeSigned: string }).toBeSigned, 'base64');
    const value = await signer.sign(toBeSigned);
    await timed('complete', t?.complete, s, 'POST', `${path}/signature/complete`, {
      json: { signature: b64(value) },
    });
    const organization = contract.parties.find((p) => p.kind === 'organization');
    const sealed = await timed('seal', t?.seal, creator, 'POST', `${path}/seal`, {
      json: { partyId: organization?.id ?? '' },
    });
    if ((sealed.json as ContractDetail).status !== 'completed')
      throw new StepFailed(
        'seal',
        `contract ${contract.id} is ${(sealed.json as ContractDetail).status} after the stamp`,
      );
    const evidence = await timed('evidence', t?.evidence, creator, 'GET', `${path}/evidence`);
    if (!Buffer.from(evidence.bytes.subarray(0, 5)).equals(Buffer.from('%PDF-')))
      throw new StepFailed('evidence', `the evidence report of ${contract.id} is not a PDF`);
    if (measured) contractTimes.push(performance.now() - started);
    return true;
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    failures[e.step]++;
    if (shownFailures++ < 5) process.stderr.write(`contracts bench: ${e.message.slice(0, 500)}\n`);
    return false;
  }
}

process.stdout.write(`${JSON.stringify({ phase: 'ready' })}\n`);
if ((await nextLine()).trim() !== 'go') throw new Error('the parent did not say go');
input.close();

let n = 0;
await Promise.all(signers.map((signer) => oneContract(++n, signer, false)));
const warmupContracts = n;

let started = 0;
let completed = 0;
const begin = performance.now();
await Promise.all(
  signers.map(async (signer) => {
    while (started < req.contracts) {
      started++;
      if (await oneContract(++n, signer, true)) completed++;
    }
  }),
);
const seconds = (performance.now() - begin) / 1000;

const steps = Object.fromEntries(CONTRACT_STEPS.map((s) => [s, latencySummary(times[s])])) as Record<
  ContractStep,
  LatencySummary
>;
const out: ContractsLoadResult = {
  warmupContracts,
  contracts: started,
  completed,
  seconds,
  steps,
  signing: latencySummary(SIGNING_STEPS.flatMap((s) => times[s])),
  contract: latencySummary(contractTimes),
  failures,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
