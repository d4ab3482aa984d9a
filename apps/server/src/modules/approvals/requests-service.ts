import { randomUUID } from 'node:crypto';
import {
  type ApprovalRequest,
  type FlowDefinition,
  type ListRequestsQuery,
  type RequestAction,
  type ResubmitRequestBody,
  SubmitCredentialRequestBody,
  type SubmitRequestBody,
  SubmitSealRequestBody,
  SubmitUseRequestBody,
  type UploadRef,
} from '@openseal/contract';
import { Value } from '@sinclair/typebox/value';
import type { Kysely, Selectable } from 'kysely';
import type { ApprovalRequestTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../../plugins/access-policy.ts';
import type { Actor } from '../../plugins/session.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { findAccount } from '../auth/accounts.ts';
import { recordEvent, requestDecided, requestSubmitted } from '../integrations/events/business-events.ts';
import { unitPaths } from '../org/org-service.ts';
import { recordRiskFindings } from '../risk/risk-alerts.ts';
import { riskBlockedError, riskBlocks } from '../risk/risk-finding.ts';
import { evaluateUseRisk } from '../sealing/use-risk.ts';
import { findSealFacts } from '../seals/seal-reads.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import type { UploadIntake } from '../uploads/uploads-service.ts';
import { userUnitId } from '../users/users-service.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import { loadApproverDirectory } from './approver-directory.ts';
import { textOf } from './file-text.ts';
import {
  act,
  type Effect,
  type FlowAction,
  type FlowState,
  pendingApprovers,
  startFlow,
} from './flow-engine.ts';
import { flowFor } from './flows-service.ts';
import { evaluateRejectionRisk } from './rejection-risk.ts';
import { executeRequest } from './request-execution.ts';
import { type PreparedRequest, prepareRequest } from './request-types.ts';
import { participants, requestView } from './request-view.ts';

type RequestRow = Selectable<ApprovalRequestTable>;

/** Audit objects name the seal first, so a seal's trajectory shows who asked and who approved. */
const auditObject = (row: Pick<RequestRow, 'id' | 'seal_id'>): string =>
  row.seal_id ? `seal:${row.seal_id}/request:${row.id}` : `request:${row.id}`;

async function loadRow(db: Kysely<Database>, id: string): Promise<RequestRow> {
  const row = await db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `request ${id} not found`);
  return row;
}

/** Writes notifications and refreshes the inbox of a request, inside the caller's transaction. */
async function afterTransition(
  trx: Kysely<Database>,
  requestId: string,
  state: FlowState,
  effects: readonly Effect[],
  now: Date,
): Promise<void> {
  await trx.deleteFrom('approval_inbox').where('request_id', '=', requestId).execute();
  const waiting = pendingApprovers(state);
  if (waiting.length > 0) {
    await trx
      .insertInto('approval_inbox')
      .values(waiting.map((userId) => ({ request_id: requestId, user_id: userId })))
      .execute();
  }
  const notices = effects.flatMap((e) =>
    e.kind === 'notify'
      ? e.userIds.map((userId) => ({
          id: randomUUID(),
          user_id: userId,
          request_id: requestId,
          reason: e.reason,
          created_at: now.toISOString(),
          read_at: null,
        }))
      : [],
  );
  if (notices.length > 0) await trx.insertInto('notifications').values(notices).execute();
}

function refuse(result: { ok: false; code: string; stepId?: string }): never {
  throw new AppError(result.code as 'ERR_FLOW_STATE', result.stepId ? `step ${result.stepId}` : undefined);
}

/**
 * Submits a request: checks it against its seal, stores its file, starts the flow configured for its
 * type, and records it with its audit entry. A request no step applies to is approved (and carried
 * out) at once.
 */
export async function submitRequest(
  ctx: ApprovalsContext,
  who: SealActor,
  body: SubmitRequestBody,
  uploads: UploadIntake,
): Promise<ApprovalRequest> {
  const now = ctx.clock();
  const unitId = await userUnitId(ctx.db, who.userId);
  const prepared: PreparedRequest = await prepareRequest(ctx, unitId, body, uploads);
  const flow = await flowFor(ctx.db, body.type);
  const directory = await loadApproverDirectory(ctx.db, flow, now);
  const started = startFlow(flow, prepared.fields, who.userId, now, directory.resolve);
  if (!started.ok) refuse(started);
  const id = randomUUID();
  // The rules run before approval too, so the approvers see the warnings with the request.
  const text = prepared.file ? await textOf(prepared.file.bytes) : null;
  const findings =
    body.type === 'seal.use' && prepared.sealId
      ? await evaluateUseRisk(ctx.db, {
          sealId: prepared.sealId,
          userId: who.userId,
          unitId,
          sealOwnerUnitId: prepared.fields.sealUnitId ?? unitId,
          documentType: body.payload.documentType,
          text,
          now,
          stage: 'approval',
          requestId: id,
          ...(ctx.seals.timeZone ? { timeZone: ctx.seals.timeZone } : {}),
        })
      : [];
  const riskCtx = { actor: auditWho(who), sealId: prepared.sealId, userId: who.userId, requestId: id };
  const blocking = riskBlocks(findings);
  if (blocking.length > 0) {
    await recordRiskFindings(ctx.db, findings, { ...riskCtx, requestId: null }, ctx.clock);
    throw riskBlockedError(blocking);
  }
  const sha256 = prepared.file ? await ctx.files.put(prepared.file.bytes) : null;
  const row: RequestRow = {
    id,
    type: body.type,
    title: prepared.title,
    requester_id: who.userId,
    unit_id: unitId,
    seal_id: prepared.sealId,
    payload: JSON.stringify(prepared.payload),
    flow: JSON.stringify(flow),
    state: JSON.stringify(started.state),
    status: started.state.status === 'approved' ? 'approved' : 'pending',
    version: 1,
    stamped: 0,
    result: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    completed_at: null,
    flag: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('approval_requests').values(row).execute();
    if (prepared.file && sha256) {
      await trx
        .insertInto('approval_files')
        .values({
          id: randomUUID(),
          request_id: id,
          round: 1,
          name: prepared.file.name,
          sha256,
          size: prepared.file.bytes.length,
          created_at: now.toISOString(),
        })
        .execute();
    }
    await recordRiskFindings(trx, findings, riskCtx, ctx.clock);
    await afterTransition(trx, id, started.state, started.effects, now);
    await appendAudit(
      trx,
      { ...auditWho(who), action: `request.submit`, object: auditObject(row), outcome: 'success' },
      { clock: ctx.clock },
    );
    await recordEvent(trx, requestSubmitted(id, row.type), now);
  });
  if (row.status === 'approved') await carryOut(ctx, id);
  return requestView(ctx.db, await loadRow(ctx.db, id));
}

/**
 * Applies one transition to a stored request: the engine decides, the row is updated only if nobody
 * changed it since it was read (version), with its inbox, notifications and audit entry in one
 * transaction. An approved lifecycle request is carried out after the commit.
 */
async function transition(
  ctx: ApprovalsContext,
  row: RequestRow,
  action: FlowAction,
  who: SealActor | null,
  update: Partial<Pick<RequestRow, 'payload'>> = {},
  file?: { name: string; bytes: Uint8Array },
): Promise<RequestRow> {
  const now = ctx.clock();
  const flow = JSON.parse(row.flow) as FlowDefinition;
  const directory = await loadApproverDirectory(ctx.db, flow, now);
  const result = act(flow, JSON.parse(row.state) as FlowState, action, {
    now,
    resolve: directory.resolve,
    delegations: directory.delegations,
  });
  if (!result.ok) refuse(result);
  if (action.type === 'tick' && result.effects.length === 0) return row;
  const status = result.state.status;
  const sha256 = file ? await ctx.files.put(file.bytes) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('approval_requests')
      .set({
        ...update,
        state: JSON.stringify(result.state),
        status,
        version: row.version + 1,
        updated_at: now.toISOString(),
        ...(status === 'rejected' || status === 'withdrawn' ? { completed_at: now.toISOString() } : {}),
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_REQUEST_CONFLICT');
    if (file && sha256) {
      await trx
        .insertInto('approval_files')
        .values({
          id: randomUUID(),
          request_id: row.id,
          round: result.state.round,
          name: file.name,
          sha256,
          size: file.bytes.length,
          created_at: now.toISOString(),
        })
        .execute();
    }
    await afterTransition(trx, row.id, result.state, result.effects, now);
    const decided = requestDecided(row, status);
    if (decided) await recordEvent(trx, decided, now);
    if (status === 'rejected') {
      const findings = await evaluateRejectionRisk(trx, row.requester_id, now);
      await recordRiskFindings(
        trx,
        findings,
        { actor: who ? auditWho(who) : {}, sealId: row.seal_id, userId: row.requester_id, requestId: row.id },
        ctx.clock,
      );
    }
    const entries = action.type === 'tick' ? ['request.escalate'] : [`request.${action.type}`];
    for (const entry of entries) {
      await appendAudit(
        trx,
        {
          ...(who ? auditWho(who) : { actor: 'system' }),
          action: entry,
          object: auditObject(row),
          outcome: 'success',
        },
        { clock: ctx.clock },
      );
    }
  });
  if (status === 'approved' && row.status !== 'approved') await carryOut(ctx, row.id);
  return loadRow(ctx.db, row.id);
}

/**
 * Carries out an approved lifecycle request as its requester; records what it did, or why it could
 * not (the request then stays approved, so the seal office sees it and can submit again).
 */
async function carryOut(ctx: ApprovalsContext, id: string): Promise<void> {
  const row = await loadRow(ctx.db, id);
  if (row.type === 'seal.use' || row.type === 'seal.physicalUse') return;
  const requester = await findAccount(ctx.db, row.requester_id);
  if (!requester) throw new AppError('ERR_NOT_FOUND', `user ${row.requester_id} not found`);
  const who: SealActor = {
    actor: requester.username,
    userId: row.requester_id,
    role: null,
    org: row.unit_id,
    requestId: null,
  };
  let result: Record<string, unknown> | null;
  let status: RequestRow['status'] = 'completed';
  try {
    result = await executeRequest(ctx, row.type, row.seal_id, JSON.parse(row.payload), who, row.id);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    result = { error: e.code, message: e.message };
    status = 'approved';
  }
  const now = ctx.clock().toISOString();
  await ctx.db
    .updateTable('approval_requests')
    .set({
      status,
      result: JSON.stringify(result),
      version: row.version + 1,
      updated_at: now,
      ...(status === 'completed' ? { completed_at: now } : {}),
      ...(typeof result?.['sealId'] === 'string' && !row.seal_id ? { seal_id: result['sealId'] } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Whether `actor` may see the request: a participant, or a holder of requests.read or documents.read
 * over its seal or unit.
 */
async function canRead(ctx: ApprovalsContext, actor: Actor, row: RequestRow): Promise<boolean> {
  const named = participants(JSON.parse(row.state) as FlowState);
  if (named.has(actor.userId)) return true;
  const delegated = await ctx.db
    .selectFrom('delegations')
    .select('from_user_id')
    .where('to_user_id', '=', actor.userId)
    .execute();
  if (delegated.some((d) => named.has(d.from_user_id))) return true;
  const unitIds = [row.unit_id];
  if (row.seal_id) {
    const seal = await findSealFacts(ctx.db, row.seal_id);
    if (seal) unitIds.push(seal.owner_unit_id);
  }
  const units = await unitPaths(ctx.db, unitIds);
  // File admins (documents.read) read the requests whose sealed copies they keep.
  return [...units.values()].some((unitPath) => {
    const path = unitPath.split('/').filter(Boolean);
    return (
      authorize('requests.read', actor.grants, path).allowed ||
      authorize('documents.read', actor.grants, path).allowed
    );
  });
}

export async function readableRequest(ctx: ApprovalsContext, actor: Actor, id: string): Promise<RequestRow> {
  const row = await loadRow(ctx.db, id);
  // Not found rather than forbidden: ids of other people's requests are not confirmed.
  if (!(await canRead(ctx, actor, row))) throw new AppError('ERR_NOT_FOUND', `request ${id} not found`);
  return row;
}

export async function getRequest(ctx: ApprovalsContext, actor: Actor, id: string): Promise<ApprovalRequest> {
  return requestView(ctx.db, await readableRequest(ctx, actor, id));
}

export async function actOnRequest(
  ctx: ApprovalsContext,
  who: SealActor,
  actor: Actor,
  id: string,
  body: RequestAction,
): Promise<ApprovalRequest> {
  const row = await readableRequest(ctx, actor, id);
  const action: FlowAction =
    body.action === 'withdraw'
      ? { type: 'withdraw', actorId: who.userId }
      : {
          type: body.action,
          actorId: who.userId,
          ...(body.comment !== undefined ? { comment: body.comment } : {}),
          ...(body.onBehalfOf ? { onBehalfOf: body.onBehalfOf } : {}),
          ...(body.stepId ? { stepId: body.stepId } : {}),
        };
  return requestView(ctx.db, await transition(ctx, row, action, who));
}

/** The requester sends a returned request back with changed fields (and a new version of its file). */
export async function resubmitRequest(
  ctx: ApprovalsContext,
  who: SealActor,
  actor: Actor,
  id: string,
  body: ResubmitRequestBody,
  uploads: UploadIntake,
): Promise<ApprovalRequest> {
  const row = await readableRequest(ctx, actor, id);
  if (row.requester_id !== who.userId) throw new AppError('ERR_FLOW_NOT_REQUESTER');
  const original = JSON.parse(row.payload) as Record<string, unknown>;
  const submitted = {
    type: row.type,
    payload: { ...original, ...body.payload },
    ...(body.file ? { file: body.file } : {}),
  } as SubmitRequestBody;
  // A use keeps its file unless a new version comes: the stored one stands in for an upload and is re-checked.
  let files = uploads;
  if (row.type === 'seal.use' && !body.file) {
    const last = await ctx.db
      .selectFrom('approval_files')
      .select(['id', 'name', 'sha256'])
      .where('request_id', '=', id)
      .orderBy('round', 'desc')
      .executeTakeFirstOrThrow();
    (submitted as { file: UploadRef }).file = { uploadId: last.id };
    files = {
      ...uploads,
      take: async (ref, field) =>
        ref.uploadId === last.id
          ? {
              id: last.id,
              name: last.name,
              mediaType: 'application/pdf',
              bytes: await ctx.files.get(last.sha256),
            }
          : uploads.take(ref, field),
    };
  }
  // The merged request must be as valid as a new one, and about the same seal.
  const schema =
    row.type === 'seal.use' || row.type === 'seal.physicalUse'
      ? SubmitUseRequestBody
      : row.type === 'credential.issue'
        ? SubmitCredentialRequestBody
        : SubmitSealRequestBody;
  if (!Value.Check(schema, submitted)) {
    const details = [...Value.Errors(schema, submitted)].slice(0, 10).map((e) => `${e.path} ${e.message}`);
    throw new AppError('ERR_VALIDATION', 'the changed request does not match the API schema', details);
  }
  if ('sealId' in body.payload && body.payload['sealId'] !== original['sealId']) {
    throw new AppError('ERR_VALIDATION', 'a resubmitted request stays about the same seal', [
      '/payload/sealId',
    ]);
  }
  const prepared = await prepareRequest(ctx, row.unit_id, submitted, files);
  return requestView(
    ctx.db,
    await transition(
      ctx,
      row,
      { type: 'resubmit', actorId: who.userId, fields: prepared.fields },
      who,
      { payload: JSON.stringify(prepared.payload) },
      body.file && prepared.file ? prepared.file : undefined,
    ),
  );
}

export async function listRequests(
  ctx: ApprovalsContext,
  actor: Actor,
  query: ListRequestsQuery,
): Promise<ApprovalRequest[]> {
  const limit = query.limit ?? 50;
  let rows: RequestRow[];
  if (query.view === 'mine') {
    rows = await ctx.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('requester_id', '=', actor.userId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  } else if (query.view === 'inbox') {
    const now = ctx.clock().toISOString();
    const forWhom = await ctx.db
      .selectFrom('delegations')
      .select('from_user_id')
      .where('to_user_id', '=', actor.userId)
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .execute();
    const ids = [actor.userId, ...forWhom.map((d) => d.from_user_id)];
    rows = await ctx.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('id', 'in', ctx.db.selectFrom('approval_inbox').select('request_id').where('user_id', 'in', ids))
      .where('requester_id', '!=', actor.userId)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  } else {
    // Decided by me: the audit log holds who acted; the state's history is per request.
    const recent = await ctx.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('requester_id', '!=', actor.userId)
      .orderBy('updated_at', 'desc')
      .limit(500)
      .execute();
    rows = recent
      .filter((r) =>
        (JSON.parse(r.state) as FlowState).history.some(
          (h) => h.actorId === actor.userId && ['approve', 'reject', 'return'].includes(h.action),
        ),
      )
      .slice(0, limit);
  }
  return Promise.all(rows.map((r) => requestView(ctx.db, r)));
}

/**
 * Whether some waiting step of the request is at least three quarters through its deadline and not
 * yet escalated: only those are handed to the engine (the reminder and escalation rules are its own).
 */
function deadlineReached(row: RequestRow, now: Date): boolean {
  const flow = JSON.parse(row.flow) as FlowDefinition;
  const state = JSON.parse(row.state) as FlowState;
  return flow.stages.some((stage) =>
    stage.steps.some((step) => {
      const s = state.steps[step.id];
      if (s?.status !== 'waiting' || !s.dueAt || s.escalated || !step.deadlineHours) return false;
      return now.getTime() >= Date.parse(s.dueAt) - step.deadlineHours * 900_000;
    }),
  );
}

/** Reminders and escalations for every pending request whose deadlines have come (run every minute). */
export async function tickRequests(ctx: ApprovalsContext): Promise<number> {
  const now = ctx.clock();
  const pending = await ctx.db
    .selectFrom('approval_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .execute();
  let changed = 0;
  for (const row of pending.filter((r) => deadlineReached(r, now))) {
    try {
      const after = await transition(ctx, row, { type: 'tick' }, null);
      if (after !== row) changed++;
    } catch (e) {
      // Another action won the race; the next tick sees the new state.
      if (!(e instanceof AppError && e.code === 'ERR_REQUEST_CONFLICT')) throw e;
    }
  }
  return changed;
}
