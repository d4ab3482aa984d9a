import type { ApproverRule, FlowDefinition, FlowRequestFields, FlowStep } from '@openseal/contract';
import { conditionsHold, validateFlow } from './flow-definition.ts';

/**
 * The approval engine: a pure state machine over a FlowDefinition. No I/O and no clock — the caller
 * passes the time, resolves approver rules against the org, and performs the returned effects
 * (notifications, completion) after storing the new state, which is plain JSON.
 */

export type FlowStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';

export interface Approval {
  userId: string;
  /** The approver this user acted for, as their delegate. */
  onBehalfOf?: string;
  /** ISO 8601 UTC. */
  at: string;
  comment?: string;
}

export interface StepState {
  /** `pending-later`: a step of a stage not reached yet. Only steps of the current stage are `waiting`. */
  status: 'waiting' | 'done' | 'skipped' | 'pending-later';
  /** Resolved user ids, sorted and unique, never the requester. */
  approvers: string[];
  approvals: Approval[];
  /** ISO 8601 UTC; set on entering the stage when the step has a deadline. */
  dueAt?: string;
  reminded: boolean;
  escalated: boolean;
  /**
   * Approvers added at the deadline (also listed in `approvers`). In an 'all' step one of their
   * approvals completes the step: escalation hands the decision up, it does not add another signature.
   */
  escalatedTo: string[];
}

export type HistoryAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'return'
  | 'withdraw'
  | 'resubmit'
  | 'remind'
  | 'escalate'
  | 'skip'
  | 'complete';

export interface HistoryEntry {
  at: string;
  /** Null for what the engine does by itself (skip, remind, escalate, complete). */
  actorId: string | null;
  action: HistoryAction;
  stepId?: string;
  onBehalfOf?: string;
  comment?: string;
}

export interface FlowState {
  status: FlowStatus;
  /** The stage being decided; `stages.length` once approved. */
  stageIndex: number;
  steps: Record<string, StepState>;
  requesterId: string;
  fields: FlowRequestFields;
  /** 1 at submission, +1 on each resubmission after a return. */
  round: number;
  history: HistoryEntry[];
}

/** The users a rule names for this request (roles resolved in the org tree by the caller). */
export type Resolver = (rule: ApproverRule, fields: FlowRequestFields) => string[];
/** The users who may act for `approverId` at time `at`. */
export type Delegations = (approverId: string, at: Date) => string[];

export type NotifyReason =
  | 'pending'
  | 'reminder'
  | 'overdue'
  | 'escalated'
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'withdrawn';

export type Effect =
  | { kind: 'notify'; userIds: string[]; reason: NotifyReason }
  | { kind: 'completed'; outcome: 'approved' | 'rejected' | 'withdrawn' };

export type FlowErrorCode =
  | 'ERR_FLOW_STATE'
  | 'ERR_FLOW_NOT_APPROVER'
  | 'ERR_FLOW_ALREADY_ACTED'
  | 'ERR_FLOW_SELF_APPROVAL'
  | 'ERR_FLOW_NOT_REQUESTER'
  | 'ERR_FLOW_COMMENT_REQUIRED'
  | 'ERR_FLOW_STEP_REQUIRED'
  | 'ERR_FLOW_NO_APPROVER'
  | 'ERR_FLOW_NOT_DELEGATE';

/** An approver's decision on a step, by themselves or by their delegate. */
export interface DecisionAction {
  type: 'approve' | 'reject' | 'return';
  actorId: string;
  /** Required to reject or return. */
  comment?: string;
  /** The approver the actor acts for, as their delegate. */
  onBehalfOf?: string;
  /** Which step, when the approver is named on several waiting steps of the stage. */
  stepId?: string;
}

export type FlowAction =
  | DecisionAction
  | { type: 'withdraw'; actorId: string }
  | { type: 'resubmit'; actorId: string; fields: FlowRequestFields }
  | { type: 'tick' };

export interface FlowContext {
  now: Date;
  resolve: Resolver;
  delegations: Delegations;
}

export type Transition = { ok: true; state: FlowState; effects: Effect[] };
/** `stepId` is set with ERR_FLOW_NO_APPROVER: the step whose rules resolved to nobody. */
export type FlowRefusal = { ok: false; code: FlowErrorCode; stepId?: string };

/**
 * Submits a request: enters the first stage with an applicable step, or approves at once when no
 * step applies. Refused when an applicable step of that stage resolves to nobody. Throws on a flow
 * that fails validateFlow — flows are validated when saved, so that is a programming error.
 */
export function startFlow(
  def: FlowDefinition,
  fields: FlowRequestFields,
  requesterId: string,
  now: Date,
  resolve: Resolver,
):
  | { ok: true; state: FlowState; effects: Effect[] }
  | { ok: false; code: 'ERR_FLOW_NO_APPROVER'; stepId: string } {
  const problems = validateFlow(def);
  if (problems.length > 0) throw new Error(`invalid flow definition: ${problems.join('; ')}`);
  const state: FlowState = {
    status: 'pending',
    stageIndex: 0,
    steps: freshSteps(def),
    requesterId,
    fields: structuredClone(fields),
    round: 1,
    history: [{ at: now.toISOString(), actorId: requesterId, action: 'submit' }],
  };
  const effects: Effect[] = [];
  const failed = advance(def, state, 0, now, resolve, effects);
  if (failed) return { ok: false, code: 'ERR_FLOW_NO_APPROVER', stepId: failed };
  return { ok: true, state, effects };
}

/** Applies one action. The input state is never modified; a refusal leaves the caller's state as it was. */
export function act(
  def: FlowDefinition,
  state: FlowState,
  action: FlowAction,
  ctx: FlowContext,
): Transition | FlowRefusal {
  const next = structuredClone(state);
  switch (action.type) {
    case 'approve':
    case 'reject':
    case 'return':
      return decide(def, next, action, ctx);
    case 'withdraw':
      return withdraw(next, action.actorId, ctx.now);
    case 'resubmit':
      return resubmit(def, next, action.actorId, action.fields, ctx);
    case 'tick':
      return tick(def, next, ctx);
  }
}

/** Who can act now on their own account (delegates are found by the caller); empty unless pending. */
export function pendingApprovers(state: FlowState): string[] {
  return uniqueSorted(waitingSteps(state).flatMap((w) => w.awaiting));
}

/** The steps of the current stage still to be decided, each with the approvers who have not acted. */
export function waitingSteps(state: FlowState): { stepId: string; step: StepState; awaiting: string[] }[] {
  if (state.status !== 'pending') return [];
  return Object.entries(state.steps)
    .filter(([, step]) => step.status === 'waiting')
    .map(([stepId, step]) => ({ stepId, step, awaiting: step.approvers.filter((u) => !hasActed(step, u)) }));
}

// ---------------------------------------------------------------------------------------------------

function decide(
  def: FlowDefinition,
  state: FlowState,
  action: DecisionAction,
  ctx: FlowContext,
): Transition | FlowRefusal {
  if (state.status !== 'pending') return refuse('ERR_FLOW_STATE');
  const { actorId } = action;
  // Nobody approves their own request, neither directly nor as someone's delegate.
  if (actorId === state.requesterId) return refuse('ERR_FLOW_SELF_APPROVAL');
  const onBehalfOf =
    action.onBehalfOf !== undefined && action.onBehalfOf !== actorId ? action.onBehalfOf : undefined;
  const principal = onBehalfOf ?? actorId;

  const stageIds = def.stages[state.stageIndex]!.steps.map((s) => s.id);
  const inStage = stageIds
    .filter((id) => action.stepId === undefined || id === action.stepId)
    .map((id) => ({ id, step: stepOf(state, id) }))
    .filter(({ step }) => step.status !== 'skipped' && step.approvers.includes(principal));
  if (inStage.length === 0) return refuse('ERR_FLOW_NOT_APPROVER');
  if (onBehalfOf !== undefined && !ctx.delegations(onBehalfOf, ctx.now).includes(actorId)) {
    return refuse('ERR_FLOW_NOT_DELEGATE');
  }
  const waiting = inStage.filter(({ step }) => step.status === 'waiting');
  const open = waiting.filter(({ step }) => !hasActed(step, principal));
  if (open.length === 0) {
    // Listed on the stage but nothing left to decide: either they already did, or another approver
    // of an 'any' step did and the step is closed to them.
    return refuse(
      inStage.some(({ step }) => hasActed(step, principal))
        ? 'ERR_FLOW_ALREADY_ACTED'
        : 'ERR_FLOW_NOT_APPROVER',
    );
  }
  if (open.length > 1) return refuse('ERR_FLOW_STEP_REQUIRED');
  const { id: stepId, step } = open[0]!;

  const comment = action.comment?.trim() || undefined;
  if (action.type !== 'approve' && comment === undefined) return refuse('ERR_FLOW_COMMENT_REQUIRED');

  const at = ctx.now.toISOString();
  state.history.push(
    withOptional({ at, actorId, action: action.type, stepId } satisfies HistoryEntry, {
      onBehalfOf,
      comment,
    }),
  );
  const effects: Effect[] = [];

  if (action.type === 'reject') {
    state.status = 'rejected';
    effects.push(notify([state.requesterId], 'rejected'), { kind: 'completed', outcome: 'rejected' });
    return { ok: true, state, effects };
  }
  if (action.type === 'return') {
    state.status = 'returned';
    effects.push(notify([state.requesterId], 'returned'));
    return { ok: true, state, effects };
  }

  step.approvals.push(withOptional({ userId: actorId, at } satisfies Approval, { onBehalfOf, comment }));
  const mode = stepDef(def, stepId).mode;
  const complete =
    mode === 'any' || step.escalatedTo.includes(principal) || step.approvers.every((u) => hasActed(step, u));
  if (!complete) return { ok: true, state, effects };
  step.status = 'done';
  const stageDone = stageIds.every((id) => stepOf(state, id).status !== 'waiting');
  if (!stageDone) return { ok: true, state, effects };
  const failed = advance(def, state, state.stageIndex + 1, ctx.now, ctx.resolve, effects);
  if (failed) return refuse('ERR_FLOW_NO_APPROVER', failed);
  return { ok: true, state, effects };
}

function withdraw(state: FlowState, actorId: string, now: Date): Transition | FlowRefusal {
  if (state.status !== 'pending' && state.status !== 'returned') return refuse('ERR_FLOW_STATE');
  if (actorId !== state.requesterId) return refuse('ERR_FLOW_NOT_REQUESTER');
  const waiting = pendingApprovers(state);
  state.status = 'withdrawn';
  state.history.push({ at: now.toISOString(), actorId, action: 'withdraw' });
  const effects: Effect[] = [];
  if (waiting.length > 0) effects.push(notify(waiting, 'withdrawn'));
  effects.push({ kind: 'completed', outcome: 'withdrawn' });
  return { ok: true, state, effects };
}

function resubmit(
  def: FlowDefinition,
  state: FlowState,
  actorId: string,
  fields: FlowRequestFields,
  ctx: FlowContext,
): Transition | FlowRefusal {
  if (state.status !== 'returned') return refuse('ERR_FLOW_STATE');
  if (actorId !== state.requesterId) return refuse('ERR_FLOW_NOT_REQUESTER');
  // A new round starts from scratch: the earlier decisions live on in the history only.
  state.status = 'pending';
  state.fields = structuredClone(fields);
  state.round += 1;
  state.steps = freshSteps(def);
  state.history.push({ at: ctx.now.toISOString(), actorId, action: 'resubmit' });
  const effects: Effect[] = [];
  const failed = advance(def, state, 0, ctx.now, ctx.resolve, effects);
  if (failed) return refuse('ERR_FLOW_NO_APPROVER', failed);
  return { ok: true, state, effects };
}

const HOUR_MS = 3_600_000;

/**
 * Deadlines of the waiting steps: a reminder once three quarters of the time has passed, escalation
 * at the deadline (a reminder that comes due together with the deadline is folded into it).
 */
function tick(def: FlowDefinition, state: FlowState, ctx: FlowContext): Transition {
  const effects: Effect[] = [];
  if (state.status !== 'pending') return { ok: true, state, effects };
  const now = ctx.now.getTime();
  const at = ctx.now.toISOString();
  for (const { stepId, step, awaiting } of waitingSteps(state)) {
    const definition = stepDef(def, stepId);
    if (step.dueAt === undefined || definition.deadlineHours === undefined) continue;
    const due = Date.parse(step.dueAt);
    if (now >= due && !step.escalated) {
      step.escalated = true;
      step.reminded = true;
      const added = resolveAll(definition.escalateTo ?? [], state, ctx.resolve);
      state.history.push({ at, actorId: null, action: 'escalate', stepId });
      if (added.length > 0) {
        step.escalatedTo = added;
        step.approvers = uniqueSorted([...step.approvers, ...added]);
        effects.push(notify(added, 'escalated'));
      } else if (awaiting.length > 0) {
        effects.push(notify(awaiting, 'overdue'));
      }
      continue;
    }
    const remindAt = due - (definition.deadlineHours * HOUR_MS) / 4;
    if (now >= remindAt && !step.reminded) {
      step.reminded = true;
      state.history.push({ at, actorId: null, action: 'remind', stepId });
      if (awaiting.length > 0) effects.push(notify(awaiting, 'reminder'));
    }
  }
  return { ok: true, state, effects };
}

/**
 * Enters the first stage from `from` on that has an applicable step, skipping the steps whose
 * conditions fail; past the last stage the request is approved. Returns the id of a step that
 * resolved to nobody (the state is then half-updated and must be dropped), or undefined.
 */
function advance(
  def: FlowDefinition,
  state: FlowState,
  from: number,
  now: Date,
  resolve: Resolver,
  effects: Effect[],
): string | undefined {
  const at = now.toISOString();
  for (let index = from; index < def.stages.length; index++) {
    const steps = def.stages[index]!.steps;
    const notified: string[] = [];
    for (const definition of steps) {
      const step = stepOf(state, definition.id);
      if (!conditionsHold(definition.when, state.fields)) {
        step.status = 'skipped';
        state.history.push({ at, actorId: null, action: 'skip', stepId: definition.id });
        continue;
      }
      const approvers = resolveAll(definition.approvers, state, resolve);
      if (approvers.length === 0) return definition.id;
      step.status = 'waiting';
      step.approvers = approvers;
      if (definition.deadlineHours !== undefined) {
        step.dueAt = new Date(now.getTime() + Math.round(definition.deadlineHours * HOUR_MS)).toISOString();
      }
      notified.push(...approvers);
    }
    if (notified.length > 0) {
      state.stageIndex = index;
      effects.push(notify(notified, 'pending'));
      return undefined;
    }
  }
  state.stageIndex = def.stages.length;
  state.status = 'approved';
  state.history.push({ at, actorId: null, action: 'complete' });
  effects.push(notify([state.requesterId], 'approved'), { kind: 'completed', outcome: 'approved' });
  return undefined;
}

function freshSteps(def: FlowDefinition): Record<string, StepState> {
  const steps: Record<string, StepState> = {};
  for (const stage of def.stages) {
    for (const step of stage.steps) {
      steps[step.id] = {
        status: 'pending-later',
        approvers: [],
        approvals: [],
        reminded: false,
        escalated: false,
        escalatedTo: [],
      };
    }
  }
  return steps;
}

/** The union of what the rules name, less the requester: nobody approves their own request. */
function resolveAll(rules: readonly ApproverRule[], state: FlowState, resolve: Resolver): string[] {
  return uniqueSorted(rules.flatMap((rule) => resolve(rule, state.fields))).filter(
    (u) => u !== state.requesterId,
  );
}

/** Whether an approval counts for `userId`: their own, or one a delegate gave on their behalf. */
function hasActed(step: StepState, userId: string): boolean {
  return step.approvals.some((a) => (a.onBehalfOf ?? a.userId) === userId);
}

function stepOf(state: FlowState, stepId: string): StepState {
  const step = state.steps[stepId];
  if (!step) throw new Error(`flow state has no step "${stepId}"; it was started with another definition`);
  return step;
}

function stepDef(def: FlowDefinition, stepId: string): FlowStep {
  for (const stage of def.stages) {
    const step = stage.steps.find((s) => s.id === stepId);
    if (step) return step;
  }
  throw new Error(`flow definition has no step "${stepId}"`);
}

function uniqueSorted(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

function notify(userIds: readonly string[], reason: NotifyReason): Effect {
  return { kind: 'notify', userIds: uniqueSorted(userIds), reason };
}

function refuse(code: FlowErrorCode, stepId?: string): FlowRefusal {
  return stepId === undefined ? { ok: false, code } : { ok: false, code, stepId };
}

/** Adds the defined optional properties only, so the stored JSON carries no `undefined` keys. */
function withOptional<T extends object>(base: T, optional: Record<string, string | undefined>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) out[key] = value;
  return out as T;
}
