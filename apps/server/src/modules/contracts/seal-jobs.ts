// 后台批量签: once people have signed, the initiator counter-seals every contract awaiting one seal as
// one background job. Each contract goes through the same seal step as a single stamp (authority,
// risk rules, ledger row, audit entry); a contract that fails is set aside with the reason, and a
// refusal that concerns the seal itself (suspended, out of grant) ends the job, since every other
// contract would meet it too. Jobs live in the database, so a restarted server carries on.
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, type SealJob } from '@openseal/contract';
import type { Selectable } from 'kysely';
import type { ContractSealJobTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { findAccount } from '../auth/accounts.ts';
import { decideAuthority } from '../sealing/seal-authority.ts';
import { signableSeals } from '../seals/seal-use-rows.ts';
import { auditWho } from '../seals/seals-context.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';
import { sealContractParty } from './organization-sealing.ts';

type JobRow = Selectable<ContractSealJobTable>;
type Failure = SealJob['failures'][number];

/** Contracts one tick takes on, and how many are stamped at once. */
const CHUNK = 100;
const LANES = 4;
/** Failures shown in a job's view (all are kept, so none is retried). */
const SHOWN_FAILURES = 50;
/** Refusals that every contract of the job would meet: the job stops at the first. */
const JOB_ENDING = new Set<string>([
  'ERR_SEAL_SUSPENDED',
  'ERR_SEAL_INACTIVE',
  'ERR_SEAL_PHYSICAL',
  'ERR_SEAL_NOT_GRANTED',
  'ERR_SEAL_DOCUMENT_TYPE',
  'ERR_SEAL_QUOTA_EXHAUSTED',
  'ERR_PKI_UNAVAILABLE',
  'ERR_RISK_BLOCKED',
]);

export async function startSealJob(
  ctx: ContractsContext,
  who: ContractActor,
  sealId: string,
): Promise<SealJob> {
  const seal = (await signableSeals(ctx.db)).find((s) => s.id === sealId);
  if (!seal) throw new AppError('ERR_SEAL_INACTIVE', `seal ${sealId} cannot stamp`);
  const now = ctx.clock();
  const decision = await decideAuthority(
    ctx.db,
    { kind: 'grant' },
    { sealId, userId: who.userId, documentType: 'contract', now },
  );
  if (!decision.ok) throw new AppError(decision.code);
  const running = await ctx.db
    .selectFrom('contract_seal_jobs')
    .selectAll()
    .where('initiator_id', '=', who.userId)
    .where('seal_id', '=', sealId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (running) return jobView(running);
  const { count } = await ctx.db
    .selectFrom('contract_parties')
    .innerJoin('contracts', 'contracts.id', 'contract_parties.contract_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('contract_parties.actor_id', '=', who.userId)
    .where('contract_parties.status', '=', 'ready')
    .where('contract_parties.seal_id', '=', sealId)
    .where('contracts.status', '=', 'signing')
    .executeTakeFirstOrThrow();
  const row: JobRow = {
    id: randomUUID(),
    initiator_id: who.userId,
    seal_id: sealId,
    status: 'running',
    total: Number(count),
    sealed: 0,
    failures: '[]',
    created_at: now.toISOString(),
    finished_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('contract_seal_jobs').values(row).execute();
    await appendAudit(
      trx,
      {
        ...auditWho(who),
        action: 'contract.seal-job',
        object: `seal:${sealId} contracts:${row.total}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
  });
  return jobView(row);
}

export async function sealJobsOf(ctx: ContractsContext, userId: string): Promise<SealJob[]> {
  const rows = await ctx.db
    .selectFrom('contract_seal_jobs')
    .selectAll()
    .where('initiator_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(jobView);
}

export async function sealJobOf(ctx: ContractsContext, userId: string, id: string): Promise<SealJob> {
  const row = await ctx.db
    .selectFrom('contract_seal_jobs')
    .selectAll()
    .where('id', '=', id)
    .where('initiator_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `no counter-sealing job ${id} of yours`);
  return jobView(row);
}

/** One tick of the worker: the next chunk of the oldest running job. */
export async function runSealJobs(ctx: ContractsContext): Promise<void> {
  const job = await ctx.db
    .selectFrom('contract_seal_jobs')
    .selectAll()
    .where('status', '=', 'running')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!job) return;
  const failures = JSON.parse(job.failures) as Failure[];
  const skipped = new Set(failures.map((f) => f.contractId));
  const account = await findAccount(ctx.db, job.initiator_id);
  const parties = await ctx.db
    .selectFrom('contract_parties')
    .innerJoin('contracts', 'contracts.id', 'contract_parties.contract_id')
    .select(['contract_parties.id as id', 'contract_parties.contract_id as contract_id'])
    .where('contract_parties.actor_id', '=', job.initiator_id)
    .where('contract_parties.status', '=', 'ready')
    .where('contract_parties.seal_id', '=', job.seal_id)
    .where('contracts.status', '=', 'signing')
    .orderBy('contract_parties.created_at')
    .limit(CHUNK + skipped.size)
    .execute();
  const todo = parties.filter((p) => !skipped.has(p.contract_id)).slice(0, CHUNK);
  if (!account || todo.length === 0) return finish(ctx, job.id, job.sealed, failures);
  const who: ContractActor = {
    actor: account.username,
    userId: account.id,
    role: null,
    org: null,
    requestId: `seal-job:${job.id}`,
    ip: null,
    userAgent: 'OpenSeal counter-sealing job',
  };
  let sealed = job.sealed;
  let ending: Failure | undefined;
  const queue = [...todo];
  const lane = async () => {
    for (let p = queue.shift(); p && !ending; p = queue.shift()) {
      try {
        await sealContractParty(ctx, who, p.contract_id, p.id);
        sealed++;
      } catch (e) {
        const failure = failureOf(p.contract_id, e);
        failures.push(failure);
        if (JOB_ENDING.has(failure.code)) ending = failure;
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  if (ending) return finish(ctx, job.id, sealed, failures);
  await ctx.db
    .updateTable('contract_seal_jobs')
    .set({ sealed, failures: JSON.stringify(failures) })
    .where('id', '=', job.id)
    .execute();
}

async function finish(ctx: ContractsContext, id: string, sealed: number, failures: Failure[]): Promise<void> {
  await ctx.db
    .updateTable('contract_seal_jobs')
    .set({
      status: 'done',
      sealed,
      failures: JSON.stringify(failures),
      finished_at: ctx.clock().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

function failureOf(contractId: string, e: unknown): Failure {
  if (e instanceof AppError) return { contractId, code: e.code, message: ERROR_CODES[e.code].en };
  return { contractId, code: 'ERR_INTERNAL', message: ERROR_CODES.ERR_INTERNAL.en };
}

function jobView(row: JobRow): SealJob {
  const failures = JSON.parse(row.failures) as Failure[];
  return {
    id: row.id,
    sealId: row.seal_id,
    status: row.status,
    total: row.total,
    sealed: row.sealed,
    failed: failures.length,
    failures: failures.slice(0, SHOWN_FAILURES),
    createdAt: row.created_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
  };
}
