// Starting a contract: the parties, checked before anything is stored — every person an account, every
// organisation a seal the initiator may stamp contracts with — then its PDF: the initiator's file (PDF,
// or Word/Excel converted), or one generated from a contract template (contract-generate.ts).
import { randomUUID } from 'node:crypto';
import type { ContractDetail, CreateContractBody } from '@openseal/contract';
import { PdfDocument } from '@openseal/pdf-sign';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { requestPdf } from '../approvals/request-file.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Account } from '../auth/accounts.ts';
import { findAccount } from '../auth/accounts.ts';
import { accountIdByUsername } from '../auth/message-contacts.ts';
import { localDay, localMidnightUtc, nextDay } from '../reports/report-calendar.ts';
import { decideAuthority } from '../sealing/seal-authority.ts';
import { signableSeals } from '../seals/seal-use-rows.ts';
import { auditWho } from '../seals/seals-context.ts';
import { uploadIntake } from '../uploads/uploads-service.ts';
import { auditContract, recordContractEvent } from './contract-events.ts';
import { contractDetail, contractFor } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';
import { isExternalParty, planExternalParty } from './external-parties.ts';

/** Everything a contract is started with but its file. */
export type ContractStart = Omit<CreateContractBody, 'file'>;

/** A contract start whose initiator, deadline, parties and copies passed every check. */
export interface CheckedStart {
  start: ContractStart;
  initiator: Account;
  plans: PartyPlan[];
  watchers: string[];
  now: Date;
}

/** The template a generated contract was made from: recorded in its `created` event and audited. */
export interface ContractOrigin {
  templateId: string;
  name: string;
  version: number;
}

export interface PartyPlan {
  kind: 'person' | 'organization';
  custody: 'browser' | 'token' | 'event' | null;
  identity: 'campus' | 'real-name' | null;
  userId: string | null;
  sealId: string | null;
  name: string;
  placement: string | null;
  /** JSON of the SigningDateAt box the party's signing date is printed in, if any. */
  signingDateAt: string | null;
  /** Inside the contract's transaction, before its party rows (an external party's account). */
  before?: (trx: Kysely<Database>, contractId: string) => Promise<void>;
}

/** POST /api/contracts: the parties are checked first, then the uploaded file is taken and converted. */
export async function createContract(
  ctx: ContractsContext,
  who: ContractActor,
  body: CreateContractBody,
): Promise<ContractDetail> {
  const { file: ref, ...start } = body;
  const checked = await checkContractStart(ctx, who, start);
  const intake = uploadIntake(ctx.uploads, who.userId);
  const file = await intake.take(ref, 'requestFile');
  // A PDF as uploaded, or a Word, Excel or OpenDocument file converted by LibreOffice; refused now if
  // it could not be signed later (unreadable, encrypted, active content).
  const pdf = await requestPdf(file.name, file.bytes);
  assertPagesExist(start.parties, PdfDocument.parse(pdf.bytes).pages().length);
  const detail = await startContract(ctx, who, checked, pdf.bytes);
  await intake.consume();
  return detail;
}

/** Refuses a party placed on, or dated on, a page the file does not have: it could never sign. */
function assertPagesExist(parties: ContractStart['parties'], pageCount: number): void {
  for (const [i, p] of parties.entries()) {
    const pages = [
      p.placement?.kind === 'page' ? p.placement.page : 1,
      'signingDateAt' in p && p.signingDateAt ? p.signingDateAt.page : 1,
    ];
    if (pages.some((n) => n > pageCount)) {
      const problem = `parties[${i}]: the file has ${pageCount} page(s)`;
      throw new AppError('ERR_CONTRACT_PARTIES', problem, [problem]);
    }
  }
}

/** The checks every contract passes before its file is read or anything is stored. */
export async function checkContractStart(
  ctx: ContractsContext,
  who: ContractActor,
  start: ContractStart,
): Promise<CheckedStart> {
  const now = ctx.clock();
  const initiator = await findAccount(ctx.db, who.userId);
  if (!initiator) throw new AppError('ERR_NOT_FOUND', 'the initiator has no account');
  if (start.deadline && start.deadline < localDay(now.toISOString(), ctx.timeZone))
    throw new AppError('ERR_VALIDATION', 'the deadline is in the past', ['deadline: a day from today on']);
  const plans = await planParties(ctx, who.userId, initiator.unitId, start, now);
  const watchers = await ccAccounts(ctx, start.cc ?? []);
  return { start, initiator, plans, watchers, now };
}

/**
 * Stores a checked contract with its file, parties, copies, `created` event and audit entry in one
 * transaction, and answers it as its initiator sees it.
 */
export async function startContract(
  ctx: ContractsContext,
  who: ContractActor,
  checked: CheckedStart,
  pdf: Uint8Array,
  origin?: ContractOrigin,
): Promise<ContractDetail> {
  const { start: body, initiator, plans, watchers, now } = checked;
  const sha256 = await ctx.files.put(pdf);
  const id = randomUUID();
  const iso = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('contracts')
      .values({
        id,
        title: body.title,
        initiator_id: who.userId,
        unit_id: initiator.unitId,
        status: 'signing',
        signing_order: body.order,
        deadline: body.deadline ?? null,
        closes_at: body.deadline
          ? localMidnightUtc(nextDay(body.deadline), ctx.timeZone).toISOString()
          : null,
        original_sha256: sha256,
        current_sha256: sha256,
        void_reason: null,
        void_proposed_at: null,
        voided_at: null,
        created_at: iso,
        updated_at: iso,
      })
      .execute();
    for (const p of plans) await p.before?.(trx, id);
    await trx
      .insertInto('contract_parties')
      .values(
        plans.map((p, i) => ({
          id: randomUUID(),
          contract_id: id,
          position: i + 1,
          kind: p.kind,
          user_id: p.userId,
          seal_id: p.sealId,
          actor_id: p.userId ?? who.userId,
          created_at: iso,
          name: p.name,
          placement: p.placement,
          signing_date_at: p.signingDateAt,
          status: body.order === 'parallel' || i === 0 ? ('ready' as const) : ('waiting' as const),
          signed_at: null,
          decline_reason: null,
          certificate_subject: null,
          custody: p.custody,
          identity: p.identity,
          identity_check: null,
          prepared: null,
          prepared_sha256: null,
        })),
      )
      .execute();
    if (watchers.length > 0)
      await trx
        .insertInto('contract_watchers')
        .values(watchers.map((userId) => ({ contract_id: id, user_id: userId, created_at: iso })))
        .execute();
    await recordContractEvent(trx, {
      contractId: id,
      kind: 'created',
      who,
      documentSha256: sha256,
      ...(origin ? { detail: `模板 template ${origin.name} v${origin.version} (${origin.templateId})` } : {}),
      at: now,
    });
    await auditContract(trx, ctx.clock, who, 'contract.create', id);
    if (origin)
      await appendAudit(
        trx,
        {
          ...auditWho(who),
          action: 'contract.template.generate',
          object: `contract_template:${origin.templateId}`,
          outcome: 'success',
        },
        { clock: ctx.clock },
      );
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, id, who.userId), who.userId);
}

/** The accounts a contract is copied to, each named once by username. */
async function ccAccounts(ctx: ContractsContext, usernames: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const username of usernames) {
    const id = await accountIdByUsername(ctx.db, username);
    if (!id)
      throw new AppError('ERR_CONTRACT_PARTIES', `no account is called ${username}`, [`cc: ${username}`]);
    ids.push(id);
  }
  return ids;
}

async function planParties(
  ctx: ContractsContext,
  initiatorId: string,
  initiatorUnitId: string,
  body: ContractStart,
  now: Date,
): Promise<PartyPlan[]> {
  const refuse = (problem: string) => new AppError('ERR_CONTRACT_PARTIES', problem, [problem]);
  const seals = new Map((await signableSeals(ctx.db)).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const plans: PartyPlan[] = [];
  for (const p of body.parties) {
    const placement = p.placement ? JSON.stringify(p.placement) : null;
    const signingDateAt = 'signingDateAt' in p && p.signingDateAt ? JSON.stringify(p.signingDateAt) : null;
    if (isExternalParty(p)) {
      plans.push(await planExternalParty(ctx, p, initiatorUnitId, now));
      continue;
    }
    if (p.kind === 'person') {
      const userId = await accountIdByUsername(ctx.db, p.username);
      const account = userId ? await findAccount(ctx.db, userId) : undefined;
      if (!account) throw refuse(`no account is called ${p.username}`);
      if (seen.has(`u:${account.id}`)) throw refuse(`${p.username} is listed twice`);
      seen.add(`u:${account.id}`);
      if (p.identity === 'real-name' && !ctx.realName)
        throw refuse('no real-name provider is configured, so no party can be asked for a real-name check');
      plans.push({
        kind: 'person',
        custody: p.custody ?? 'browser',
        identity: p.identity ?? 'campus',
        userId: account.id,
        sealId: null,
        name: account.displayName,
        placement,
        signingDateAt,
      });
      continue;
    }
    const seal = seals.get(p.sealId);
    if (!seal) throw refuse(`seal ${p.sealId} cannot stamp (unknown, inactive or physical)`);
    if (seen.has(`s:${seal.id}`)) throw refuse(`the seal ${seal.name} is listed twice`);
    seen.add(`s:${seal.id}`);
    const decision = await decideAuthority(
      ctx.db,
      { kind: 'grant' },
      { sealId: seal.id, userId: initiatorId, documentType: 'contract', now },
    );
    if (!decision.ok) throw new AppError(decision.code, `you may not stamp contracts with ${seal.name}`);
    plans.push({
      kind: 'organization',
      custody: null,
      identity: null,
      userId: null,
      sealId: seal.id,
      name: seal.name,
      placement,
      signingDateAt,
    });
  }
  return plans;
}
