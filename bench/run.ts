// `npm run bench`: one figure per line, `name: number unit`, measured on one core (CPU 0). First the
// sealing engine, the credential template renderer (ours and pdfme's), SM2 signing
// (bench/sm2-primitives.ts) and SM2 seals (bench/sm2-seal.ts) in this process, then sealing through
// the HTTP API (bench/http-seal.ts: server and load generator in their own processes) and the service
// API (bench/service-api.ts: one-PDF stamps with a key, a 1,000-PDF batch), the audit-log append rate
// (bench/audit-append.ts), the risk rules, two-party contracts signed through the HTTP API
// (bench/contracts.ts) and the contract list with a million contracts (bench/contract-list.ts), and
// last a 7,000-transcript batch job on both cores (bench/credential-batch.ts, in a child process).
//
// `npm run bench -- contracts contract-list` runs only the benches named (names below); `--quick`
// (or BENCH_QUICK=1) makes the contract benches smoke runs: 200 contracts, 20,000 listed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkiRevocationSource, type SignOptions, sign, verify } from '@openseal/pdf-sign';
import { benchAuditAppend } from './audit-append.ts';
import { benchContractList, contractsToList } from './contract-list.ts';
import { benchContracts, contractsToRun } from './contracts.ts';
import { benchCredentialBatch } from './credential-batch.ts';
import { benchEngineMicro } from './engine-micro.ts';
import { benchHttpSeal } from './http-seal.ts';
import { opsPerSecond, report } from './measure.ts';
import { p12From, referenceSeal } from './reference-pipeline.ts';
import { benchRiskRules } from './risk-rules.ts';
import { samplePdf } from './sample-pdfs.ts';
import { sealSetup } from './seal-setup.ts';
import { benchServiceApi } from './service-api.ts';
import { benchSm2Primitives } from './sm2-primitives.ts';
import { benchSm2Seal } from './sm2-seal.ts';
import { benchTemplateRender } from './template-render.ts';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 3);
const args = process.argv.slice(2);
if (args.includes('--quick')) process.env['BENCH_QUICK'] = '1';

async function benchSealEngine(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-bench-'));
  try {
    const setup = await sealSetup(dir, 'rsa-2048');
    const { pki, credentials } = setup;
    const chain = credentials.chain;
    const options: SignOptions = { ...setup.options, revocation: pkiRevocationSource(pki) };
    const onePage = await samplePdf(1);
    const fiftyPages = await samplePdf(50);

    const ours1 = await opsPerSecond(() => sign(onePage, credentials, options), { seconds });
    report('seal B-T 1-page rsa2048', ours1, 'seals/s');
    const ours50 = await opsPerSecond(() => sign(fiftyPages, credentials, options), { seconds });
    report('seal B-T 50-page rsa2048', ours50, 'seals/s');

    const signed = await sign(onePage, credentials, options);
    const trustAnchors = [pki.root.certificate];
    const verifies = await opsPerSecond(() => verify(signed, { trustAnchors }), { seconds });
    report('verify B-T 1-page', verifies, 'docs/s');

    const keyPem = pki.demoSeal.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const p12 = p12From(keyPem, [pki.demoSeal.certificate.toPem(), ...chain.map((c) => c.toPem())]);
    const ref1 = await opsPerSecond(() => referenceSeal(onePage, p12), { seconds, warmup: 3 });
    report('reference pdf-lib+@signpdf 1-page (no timestamp)', ref1, 'seals/s');
    const ref50 = await opsPerSecond(() => referenceSeal(fiftyPages, p12), { seconds, warmup: 2 });
    report('reference pdf-lib+@signpdf 50-page (no timestamp)', ref50, 'seals/s');
    report('ratio vs pdf-lib+@signpdf 1-page', ours1 / ref1, 'x');
    report('ratio vs pdf-lib+@signpdf 50-page', ours50 / ref50, 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const httpSeconds = Number(process.env['BENCH_HTTP_SECONDS'] ?? 15);

/** Each bench by name, in the order `npm run bench` runs them; false: it failed (the message on stderr). */
const benches: Record<string, { run(): Promise<boolean | undefined>; failed?: string }> = {
  'seal-engine': { run: async () => void (await benchSealEngine()) },
  'engine-micro': { run: async () => void (await benchEngineMicro(seconds)) },
  'template-render': { run: async () => void (await benchTemplateRender(seconds)) },
  'sm2-primitives': { run: async () => void (await benchSm2Primitives(seconds)) },
  'sm2-seal': { run: async () => void (await benchSm2Seal(seconds)) },
  'http-seal': {
    run: () => benchHttpSeal({ connections: 50, seconds: httpSeconds, warmupSeconds: 3 }),
    failed: 'some HTTP sealing requests failed (non-2xx or errors)',
  },
  // The service API: one-PDF stamps by 50 concurrent callers with a service key, then a 1,000-PDF batch.
  'service-api': {
    run: () => benchServiceApi({ connections: 50, seconds: httpSeconds, warmupSeconds: 3, batchFiles: 1000 }),
    failed: 'some service API requests or batch files failed',
  },
  'audit-append': {
    run: () => benchAuditAppend({ entries: 5000, concurrency: 50 }),
    failed: 'the audit chain did not verify',
  },
  'risk-rules': {
    run: () => benchRiskRules({ uses: 1_000_000, seals: 200, users: 5000, evaluations: 1000 }),
    failed: 'a risk-rule p99 is over the 20 ms target',
  },
  contracts: {
    run: () => benchContracts({ contracts: contractsToRun(), concurrency: 50 }),
    failed: 'some contract-signing requests failed',
  },
  'contract-list': {
    run: () => benchContractList({ contracts: contractsToList(), connections: 20 }),
    failed: 'some contract list requests failed',
  },
  'credential-batch': {
    run: () => benchCredentialBatch({ documents: 7000, singles: 200, goalSeconds: 45, goalRssMiB: 1024 }),
  },
};

const named = args.filter((a) => !a.startsWith('--'));
const unknown = named.filter((n) => !(n in benches));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no bench is called ${unknown.join(', ')}; there are ${Object.keys(benches).join(', ')}\n`,
  );
  process.exit(2);
}
for (const [name, bench] of Object.entries(benches)) {
  if (named.length > 0 && !named.includes(name)) continue;
  if ((await bench.run()) === false) {
    if (bench.failed) process.stderr.write(`bench: ${bench.failed}\n`);
    process.exitCode = 1;
  }
}
