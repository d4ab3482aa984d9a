import type { ApproverRule, FlowDefinition, FlowRequestFields, FlowStep } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { conditionsHold } from './flow-definition.ts';
import {
  act,
  type DecisionAction,
  type Delegations,
  type FlowAction,
  type FlowContext,
  type FlowState,
  pendingApprovers,
  type Resolver,
  startFlow,
  type Transition,
  waitingSteps,
} from './flow-engine.ts';

// --- an org: who holds which role where ---------------------------------------------------------

/** `role@unit` → holders. The requester `req` sits in unit `cs` and is also one of its auditors. */
const directory: Record<string, string[]> = {
  'business_auditor@cs': ['head', 'req', 'deputy'],
  'business_auditor@math': ['mhead'],
  'seal_admin@hq': ['keeper'],
  'seal_admin@cs': ['cskeeper'],
  'file_admin@legal': ['l1', 'l2'],
  'business_auditor@finance': ['fin'],
  'security_admin@hq': ['boss'],
  'system_admin@hq': [],
};
const resolve: Resolver = (rule, fields) => {
  if (rule.kind === 'user') return [rule.userId];
  const unit =
    rule.at === 'requester-unit' ? fields.unitId : rule.at === 'seal-unit' ? fields.sealUnitId : rule.unitId;
  return directory[`${rule.role}@${unit}`] ?? [];
};
const noDelegations: Delegations = () => [];

const T0 = new Date('2026-09-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;
const ctx = (over: Partial<FlowContext> = {}): FlowContext => ({
  now: T0,
  resolve,
  delegations: noDelegations,
  ...over,
});

const role = (r: string, unit: 'requester-unit' | 'seal-unit' | string): ApproverRule =>
  unit === 'requester-unit' || unit === 'seal-unit'
    ? ({ kind: 'role', role: r, at: unit } as ApproverRule)
    : ({ kind: 'role', role: r, at: 'unit', unitId: unit } as ApproverRule);
const user = (userId: string): ApproverRule => ({ kind: 'user', userId });
const step = (id: string, approvers: ApproverRule[], over: Partial<FlowStep> = {}): FlowStep => ({
  id,
  name: id,
  approvers,
  mode: 'any',
  ...over,
});
const flow = (...stages: FlowStep[][]): FlowDefinition => ({
  stages: stages.map((steps, i) => ({ name: `Stage ${i + 1}`, steps })),
});

const fields: FlowRequestFields = {
  requestType: 'seal.use',
  unitId: 'cs',
  sealUnitId: 'hq',
  sealType: 'official',
};

/** Department head, then the seal keeper. */
const sequential = flow(
  [step('dept', [role('business_auditor', 'requester-unit')])],
  [step('office', [role('seal_admin', 'seal-unit')])],
);
/** A committee of three who must all sign (会签) beside legal, where one of two suffices (或签). */
const parallel = flow(
  [
    step('committee', [user('a'), user('b'), user('c')], { mode: 'all' }),
    step('legal', [role('file_admin', 'legal')], { mode: 'any' }),
  ],
  [step('office', [role('seal_admin', 'seal-unit')])],
);
/** Finance joins above 10000; many copies need the keeper; steel and official seals need the boss. */
const conditional = flow(
  [step('dept', [role('business_auditor', 'requester-unit')])],
  [
    step('finance', [role('business_auditor', 'finance')], {
      when: [{ field: 'amount', op: 'gt', value: 10000 }],
    }),
    step('copies', [role('seal_admin', 'seal-unit')], { when: [{ field: 'copies', op: 'gte', value: 10 }] }),
  ],
  [step('top', [user('boss')], { when: [{ field: 'sealType', op: 'in', value: ['official', 'steel'] }] })],
);

function start(def: FlowDefinition, f: FlowRequestFields = fields, requester = 'req', now = T0): Transition {
  const r = startFlow(def, f, requester, now, resolve);
  if (!r.ok) throw new Error(`start refused: ${r.code} ${r.stepId}`);
  return r;
}
/** Applies an action that must succeed, checking on the way that the input is left untouched. */
function must(def: FlowDefinition, state: FlowState, action: FlowAction, c: FlowContext = ctx()): Transition {
  const before = JSON.stringify(state);
  const r = act(def, state, action, c);
  expect(JSON.stringify(state)).toBe(before);
  if (!r.ok) throw new Error(`${action.type} refused: ${r.code}`);
  return r;
}
/** Applies an action that must be refused with `code`, leaving the input untouched. */
function refused(
  def: FlowDefinition,
  state: FlowState,
  action: FlowAction,
  code: string,
  c: FlowContext = ctx(),
) {
  const before = JSON.stringify(state);
  const r = act(def, state, action, c);
  expect(JSON.stringify(state)).toBe(before);
  expect(r).toMatchObject({ ok: false, code });
  return r;
}
const approve = (actorId: string, over: Partial<DecisionAction> = {}): FlowAction => ({
  type: 'approve',
  actorId,
  ...over,
});
const actions = (s: FlowState) => s.history.map((h) => (h.stepId ? `${h.action}:${h.stepId}` : h.action));

// -------------------------------------------------------------------------------------------------

describe('startFlow', () => {
  it('enters the first stage, resolving approvers sorted and without the requester', () => {
    const { state, effects } = start(sequential);
    expect(state).toEqual({
      status: 'pending',
      stageIndex: 0,
      requesterId: 'req',
      fields,
      round: 1,
      steps: {
        dept: {
          status: 'waiting',
          approvers: ['deputy', 'head'],
          approvals: [],
          reminded: false,
          escalated: false,
          escalatedTo: [],
        },
        office: {
          status: 'pending-later',
          approvers: [],
          approvals: [],
          reminded: false,
          escalated: false,
          escalatedTo: [],
        },
      },
      history: [{ at: T0.toISOString(), actorId: 'req', action: 'submit' }],
    });
    expect(effects).toEqual([{ kind: 'notify', userIds: ['deputy', 'head'], reason: 'pending' }]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('unites the approvers of all rules of a step, once each', () => {
    const def = flow([step('s', [user('head'), role('business_auditor', 'requester-unit'), user('zed')])]);
    expect(start(def).state.steps['s']!.approvers).toEqual(['deputy', 'head', 'zed']);
  });

  it('sets the due time from the deadline', () => {
    const def = flow([step('s', [user('head')], { deadlineHours: 1.5 }), step('t', [user('deputy')])]);
    const { state } = start(def);
    expect(state.steps['s']!.dueAt).toBe('2026-09-01T09:30:00.000Z');
    expect(state.steps['t']!.dueAt).toBeUndefined();
  });

  it('skips the steps whose conditions fail and passes over a stage with nothing left', () => {
    const def = flow(
      [step('big', [user('fin')], { when: [{ field: 'amount', op: 'gt', value: 10000 }] })],
      [
        step('dept', [user('head')]),
        step('steel', [user('boss')], { when: [{ field: 'sealType', op: 'eq', value: 'steel' }] }),
      ],
    );
    const { state, effects } = start(def, { ...fields, amount: 500 });
    expect(state.stageIndex).toBe(1);
    expect(state.steps['big']!.status).toBe('skipped');
    expect(state.steps['steel']!.status).toBe('skipped');
    expect(state.steps['dept']!.status).toBe('waiting');
    expect(actions(state)).toEqual(['submit', 'skip:big', 'skip:steel']);
    expect(state.history[1]).toEqual({ at: T0.toISOString(), actorId: null, action: 'skip', stepId: 'big' });
    expect(effects).toEqual([{ kind: 'notify', userIds: ['head'], reason: 'pending' }]);
  });

  it('approves at once when no step applies', () => {
    const def = flow([step('big', [user('fin')], { when: [{ field: 'amount', op: 'gt', value: 10000 }] })]);
    const { state, effects } = start(def, fields);
    expect(state.status).toBe('approved');
    expect(state.stageIndex).toBe(1);
    expect(actions(state)).toEqual(['submit', 'skip:big', 'complete']);
    expect(effects).toEqual([
      { kind: 'notify', userIds: ['req'], reason: 'approved' },
      { kind: 'completed', outcome: 'approved' },
    ]);
    expect(pendingApprovers(state)).toEqual([]);
  });

  it('refuses a request whose step resolves to nobody, counting the requester out', () => {
    expect(startFlow(flow([step('s', [role('system_admin', 'hq')])]), fields, 'req', T0, resolve)).toEqual({
      ok: false,
      code: 'ERR_FLOW_NO_APPROVER',
      stepId: 's',
    });
    // The requester alone would approve their own request.
    expect(startFlow(flow([step('s', [user('req')])]), fields, 'req', T0, resolve)).toMatchObject({
      ok: false,
      code: 'ERR_FLOW_NO_APPROVER',
      stepId: 's',
    });
    // A unit nobody holds the role at.
    const def = flow([
      step('ok', [user('head')]),
      step('nobody', [role('business_auditor', 'requester-unit')]),
    ]);
    expect(startFlow(def, { ...fields, unitId: 'physics' }, 'req', T0, resolve)).toMatchObject({
      code: 'ERR_FLOW_NO_APPROVER',
      stepId: 'nobody',
    });
  });

  it('throws on a definition that fails validation', () => {
    expect(() => start(flow([step('s', [user('a')])], [step('s', [user('b')])]))).toThrow(/already used/);
  });
});

describe('approving', () => {
  it('runs sequential stages one after another to approval', () => {
    const s0 = start(sequential).state;
    const s1 = must(sequential, s0, approve('head', { comment: ' fine ' }), ctx({ now: at(1000) }));
    expect(s1.state.stageIndex).toBe(1);
    expect(s1.state.steps['dept']).toMatchObject({
      status: 'done',
      approvals: [{ userId: 'head', at: at(1000).toISOString(), comment: 'fine' }],
    });
    expect(s1.state.steps['office']!.status).toBe('waiting');
    expect(s1.effects).toEqual([{ kind: 'notify', userIds: ['keeper'], reason: 'pending' }]);
    expect(pendingApprovers(s1.state)).toEqual(['keeper']);
    // The deputy was an approver of the closed 'any' step; they may no longer act on it.
    refused(sequential, s1.state, approve('deputy'), 'ERR_FLOW_NOT_APPROVER');
    // The head's stage is over; they are no approver of the current one.
    refused(sequential, s1.state, approve('head'), 'ERR_FLOW_NOT_APPROVER');

    const s2 = must(sequential, s1.state, approve('keeper'), ctx({ now: at(2000) }));
    expect(s2.state.status).toBe('approved');
    expect(s2.state.stageIndex).toBe(2);
    expect(s2.effects).toEqual([
      { kind: 'notify', userIds: ['req'], reason: 'approved' },
      { kind: 'completed', outcome: 'approved' },
    ]);
    expect(s2.state.history).toEqual([
      { at: T0.toISOString(), actorId: 'req', action: 'submit' },
      { at: at(1000).toISOString(), actorId: 'head', action: 'approve', stepId: 'dept', comment: 'fine' },
      { at: at(2000).toISOString(), actorId: 'keeper', action: 'approve', stepId: 'office' },
      { at: at(2000).toISOString(), actorId: null, action: 'complete' },
    ]);
    expect(JSON.parse(JSON.stringify(s2.state))).toEqual(s2.state);
  });

  it('waits in a parallel stage for every committee member and one lawyer', () => {
    let s = start(parallel).state;
    expect(pendingApprovers(s)).toEqual(['a', 'b', 'c', 'l1', 'l2']);
    s = must(parallel, s, approve('a')).state;
    expect(s.steps['committee']!.status).toBe('waiting');
    refused(parallel, s, approve('a'), 'ERR_FLOW_ALREADY_ACTED');
    expect(pendingApprovers(s)).toEqual(['b', 'c', 'l1', 'l2']);

    const lawyer = must(parallel, s, approve('l2'));
    s = lawyer.state;
    expect(lawyer.effects).toEqual([]);
    expect(s.steps['legal']!.status).toBe('done');
    expect(s.stageIndex).toBe(0);
    refused(parallel, s, approve('l1'), 'ERR_FLOW_NOT_APPROVER');
    refused(parallel, s, approve('l2'), 'ERR_FLOW_ALREADY_ACTED');

    s = must(parallel, s, approve('c')).state;
    expect(s.steps['committee']!.status).toBe('waiting');
    expect(waitingSteps(s)).toEqual([{ stepId: 'committee', step: s.steps['committee'], awaiting: ['b'] }]);
    const last = must(parallel, s, approve('b'));
    expect(last.state.steps['committee']!.status).toBe('done');
    expect(last.state.stageIndex).toBe(1);
    expect(last.effects).toEqual([{ kind: 'notify', userIds: ['keeper'], reason: 'pending' }]);
  });

  it('completes the stage only when the last parallel step closes, whichever it is', () => {
    let s = start(parallel).state;
    for (const u of ['a', 'b', 'c']) s = must(parallel, s, approve(u)).state;
    expect(s.stageIndex).toBe(0);
    s = must(parallel, s, approve('l1')).state;
    expect(s.stageIndex).toBe(1);
  });

  it('refuses users who are not approvers of the current stage', () => {
    const s = start(sequential).state;
    refused(sequential, s, approve('keeper'), 'ERR_FLOW_NOT_APPROVER'); // a later stage
    refused(sequential, s, approve('stranger'), 'ERR_FLOW_NOT_APPROVER');
    refused(sequential, s, approve('head', { stepId: 'office' }), 'ERR_FLOW_NOT_APPROVER');
    refused(sequential, s, approve('head', { stepId: 'nope' }), 'ERR_FLOW_NOT_APPROVER');
    refused(sequential, s, { type: 'reject', actorId: 'stranger', comment: 'no' }, 'ERR_FLOW_NOT_APPROVER');
  });

  it('refuses the requester on their own request, though their role would name them', () => {
    const s = start(sequential).state;
    refused(sequential, s, approve('req'), 'ERR_FLOW_SELF_APPROVAL');
    refused(sequential, s, { type: 'reject', actorId: 'req', comment: 'x' }, 'ERR_FLOW_SELF_APPROVAL');
    refused(sequential, s, { type: 'return', actorId: 'req', comment: 'x' }, 'ERR_FLOW_SELF_APPROVAL');
  });

  it('asks which step when an approver is named on two waiting steps', () => {
    const def = flow([step('x', [user('head'), user('a')], { mode: 'all' }), step('y', [user('head')])]);
    const s = start(def).state;
    refused(def, s, approve('head'), 'ERR_FLOW_STEP_REQUIRED');
    refused(def, s, { type: 'return', actorId: 'head', comment: 'fix' }, 'ERR_FLOW_STEP_REQUIRED');
    const onY = must(def, s, approve('head', { stepId: 'y' })).state;
    expect(onY.steps['y']!.status).toBe('done');
    // Only 'x' is left open for them: no need to name it.
    const onX = must(def, onY, approve('head')).state;
    expect(onX.steps['x']!.approvals.map((a) => a.userId)).toEqual(['head']);
    refused(def, onX, approve('head'), 'ERR_FLOW_ALREADY_ACTED');
    refused(def, onX, approve('head', { stepId: 'y' }), 'ERR_FLOW_ALREADY_ACTED');
    expect(must(def, onX, approve('a')).state.status).toBe('approved');
  });

  it('refuses to act on a later stage that resolves to nobody, leaving the state as it was', () => {
    const def = flow([step('dept', [user('head')])], [step('office', [role('seal_admin', 'seal-unit')])]);
    const s = start(def, { ...fields, sealUnitId: 'nowhere' }).state;
    expect(refused(def, s, approve('head'), 'ERR_FLOW_NO_APPROVER')).toEqual({
      ok: false,
      code: 'ERR_FLOW_NO_APPROVER',
      stepId: 'office',
    });
    // Reject and return do not enter a stage, so they still work.
    expect(must(def, s, { type: 'reject', actorId: 'head', comment: 'no seal keeper' }).state.status).toBe(
      'rejected',
    );
  });

  it('passes over a fully skipped middle stage', () => {
    const s0 = start(conditional, { ...fields, sealType: 'steel', amount: 100, copies: 1 }).state;
    const s1 = must(conditional, s0, approve('head'));
    expect(s1.state.stageIndex).toBe(2);
    expect(s1.state.steps['finance']!.status).toBe('skipped');
    expect(s1.state.steps['copies']!.status).toBe('skipped');
    expect(actions(s1.state)).toEqual(['submit', 'approve:dept', 'skip:finance', 'skip:copies']);
    expect(s1.effects).toEqual([{ kind: 'notify', userIds: ['boss'], reason: 'pending' }]);
  });
});

describe('conditions', () => {
  const route = (f: Partial<FlowRequestFields>) => {
    let s = start(conditional, { ...fields, ...f }).state;
    s = must(conditional, s, approve('head')).state;
    return Object.entries(s.steps)
      .filter(([, st]) => st.status === 'waiting')
      .map(([id]) => id);
  };

  it('adds finance above 10000 only', () => {
    expect(route({ amount: 10001 })).toEqual(['finance']);
    expect(route({ amount: 10000 })).toEqual(['top']);
    expect(route({})).toEqual(['top']);
  });

  it('adds the keeper from 10 copies', () => {
    expect(route({ copies: 10 })).toEqual(['copies']);
    expect(route({ copies: 9 })).toEqual(['top']);
    expect(route({ copies: 50, amount: 20000 })).toEqual(['finance', 'copies']);
  });

  it('sends official and steel seals to the top, and approves others without it', () => {
    expect(route({ sealType: 'steel' })).toEqual(['top']);
    const s = must(
      conditional,
      start(conditional, { ...fields, sealType: 'department' }).state,
      approve('head'),
    );
    expect(s.state.status).toBe('approved');
    expect(actions(s.state)).toEqual([
      'submit',
      'approve:dept',
      'skip:finance',
      'skip:copies',
      'skip:top',
      'complete',
    ]);
  });
});

describe('reject and return', () => {
  it('rejects for good, with a reason', () => {
    const s = start(parallel).state;
    refused(parallel, s, { type: 'reject', actorId: 'a' }, 'ERR_FLOW_COMMENT_REQUIRED');
    refused(parallel, s, { type: 'reject', actorId: 'a', comment: '   ' }, 'ERR_FLOW_COMMENT_REQUIRED');
    const r = must(
      parallel,
      s,
      { type: 'reject', actorId: 'a', comment: 'over budget' },
      ctx({ now: at(5) }),
    );
    expect(r.state.status).toBe('rejected');
    expect(r.state.history.at(-1)).toEqual({
      at: at(5).toISOString(),
      actorId: 'a',
      action: 'reject',
      stepId: 'committee',
      comment: 'over budget',
    });
    expect(r.effects).toEqual([
      { kind: 'notify', userIds: ['req'], reason: 'rejected' },
      { kind: 'completed', outcome: 'rejected' },
    ]);
    expect(pendingApprovers(r.state)).toEqual([]);
    expect(waitingSteps(r.state)).toEqual([]);
  });

  it('refuses a reject by an approver who already approved', () => {
    const s = must(parallel, start(parallel).state, approve('a')).state;
    refused(
      parallel,
      s,
      { type: 'reject', actorId: 'a', comment: 'changed my mind' },
      'ERR_FLOW_ALREADY_ACTED',
    );
  });

  it('returns for changes, with a reason, and then only the requester may move', () => {
    const s = start(sequential).state;
    refused(sequential, s, { type: 'return', actorId: 'head' }, 'ERR_FLOW_COMMENT_REQUIRED');
    const r = must(sequential, s, { type: 'return', actorId: 'head', comment: 'attach the contract' });
    expect(r.state.status).toBe('returned');
    expect(r.effects).toEqual([{ kind: 'notify', userIds: ['req'], reason: 'returned' }]);
    expect(pendingApprovers(r.state)).toEqual([]);
    refused(sequential, r.state, approve('deputy'), 'ERR_FLOW_STATE');
    refused(sequential, r.state, { type: 'return', actorId: 'deputy', comment: 'x' }, 'ERR_FLOW_STATE');
    refused(sequential, r.state, { type: 'resubmit', actorId: 'head', fields }, 'ERR_FLOW_NOT_REQUESTER');
    expect(must(sequential, r.state, { type: 'tick' }, ctx({ now: at(1000 * HOUR) })).effects).toEqual([]);
  });

  it('resubmits with changed fields into a fresh round that routes by the new fields', () => {
    let s = start(conditional, { ...fields, amount: 20000 }).state;
    s = must(conditional, s, approve('head')).state;
    expect(pendingApprovers(s)).toEqual(['fin']);
    s = must(conditional, s, { type: 'return', actorId: 'fin', comment: 'split the amount' }).state;

    const again = must(
      conditional,
      s,
      { type: 'resubmit', actorId: 'req', fields: { ...fields, amount: 9000, sealType: 'department' } },
      ctx({ now: at(HOUR) }),
    );
    const r = again.state;
    expect(r.status).toBe('pending');
    expect(r.round).toBe(2);
    expect(r.stageIndex).toBe(0);
    expect(r.fields.amount).toBe(9000);
    expect(r.steps['dept']).toMatchObject({ status: 'waiting', approvals: [] });
    expect(r.steps['finance']!.status).toBe('pending-later');
    expect(again.effects).toEqual([{ kind: 'notify', userIds: ['deputy', 'head'], reason: 'pending' }]);
    // The first round's decisions stay in the history only.
    expect(actions(r)).toEqual(['submit', 'approve:dept', 'skip:copies', 'return:finance', 'resubmit']);

    const done = must(conditional, r, approve('deputy'), ctx({ now: at(2 * HOUR) }));
    expect(done.state.status).toBe('approved');
    expect(done.state.steps['finance']!.status).toBe('skipped');
    expect(done.state.steps['top']!.status).toBe('skipped');
  });

  it('refuses a resubmission whose new route has a step without approvers', () => {
    const s = must(sequential, start(sequential).state, {
      type: 'return',
      actorId: 'head',
      comment: 'x',
    }).state;
    refused(
      sequential,
      s,
      { type: 'resubmit', actorId: 'req', fields: { ...fields, unitId: 'physics' } },
      'ERR_FLOW_NO_APPROVER',
    );
  });

  it('refuses resubmitting what is not returned', () => {
    const s = start(sequential).state;
    refused(sequential, s, { type: 'resubmit', actorId: 'req', fields }, 'ERR_FLOW_STATE');
  });
});

describe('withdraw', () => {
  it('lets the requester withdraw a pending request, telling who was waiting', () => {
    const s = must(parallel, start(parallel).state, approve('a')).state;
    refused(parallel, s, { type: 'withdraw', actorId: 'a' }, 'ERR_FLOW_NOT_REQUESTER');
    const w = must(parallel, s, { type: 'withdraw', actorId: 'req' }, ctx({ now: at(7) }));
    expect(w.state.status).toBe('withdrawn');
    expect(w.state.history.at(-1)).toEqual({ at: at(7).toISOString(), actorId: 'req', action: 'withdraw' });
    expect(w.effects).toEqual([
      { kind: 'notify', userIds: ['b', 'c', 'l1', 'l2'], reason: 'withdrawn' },
      { kind: 'completed', outcome: 'withdrawn' },
    ]);
  });

  it('lets the requester withdraw a returned request', () => {
    const s = must(sequential, start(sequential).state, {
      type: 'return',
      actorId: 'head',
      comment: 'x',
    }).state;
    const w = must(sequential, s, { type: 'withdraw', actorId: 'req' });
    expect(w.state.status).toBe('withdrawn');
    expect(w.effects).toEqual([{ kind: 'completed', outcome: 'withdrawn' }]);
  });
});

describe('after the end', () => {
  const approved = () => {
    const s = must(sequential, start(sequential).state, approve('head')).state;
    return must(sequential, s, approve('keeper')).state;
  };
  const rejected = () =>
    must(sequential, start(sequential).state, { type: 'reject', actorId: 'head', comment: 'no' }).state;
  const withdrawn = () =>
    must(sequential, start(sequential).state, { type: 'withdraw', actorId: 'req' }).state;

  for (const [name, make] of [
    ['approved', approved],
    ['rejected', rejected],
    ['withdrawn', withdrawn],
  ] as const) {
    it(`refuses every action on a ${name} request and ticks without effect`, () => {
      const s = make();
      expect(s.status).toBe(name);
      refused(sequential, s, approve('keeper'), 'ERR_FLOW_STATE');
      refused(sequential, s, approve('deputy'), 'ERR_FLOW_STATE');
      refused(sequential, s, { type: 'reject', actorId: 'keeper', comment: 'x' }, 'ERR_FLOW_STATE');
      refused(sequential, s, { type: 'return', actorId: 'keeper', comment: 'x' }, 'ERR_FLOW_STATE');
      refused(sequential, s, { type: 'withdraw', actorId: 'req' }, 'ERR_FLOW_STATE');
      refused(sequential, s, { type: 'resubmit', actorId: 'req', fields }, 'ERR_FLOW_STATE');
      const t = must(sequential, s, { type: 'tick' }, ctx({ now: at(1000 * HOUR) }));
      expect(t.effects).toEqual([]);
      expect(t.state).toEqual(s);
    });
  }
});

describe('delegation', () => {
  // The deputy may act for the head during September; the requester is also the head's delegate.
  const delegations: Delegations = (approverId, when) =>
    approverId === 'head' && when < new Date('2026-10-01T00:00:00Z') ? ['deputy2', 'req'] : [];
  const c = (over: Partial<FlowContext> = {}) => ctx({ delegations, ...over });
  const committee = flow([step('board', [user('head'), user('b')], { mode: 'all' })]);

  it('lets a delegate approve on behalf of the approver, counted for them in a 会签 step', () => {
    const s = start(committee).state;
    const d = must(committee, s, approve('deputy2', { onBehalfOf: 'head', comment: 'for the head' }), c());
    expect(d.state.steps['board']!.approvals).toEqual([
      { userId: 'deputy2', onBehalfOf: 'head', at: T0.toISOString(), comment: 'for the head' },
    ]);
    expect(d.state.history.at(-1)).toEqual({
      at: T0.toISOString(),
      actorId: 'deputy2',
      action: 'approve',
      stepId: 'board',
      onBehalfOf: 'head',
      comment: 'for the head',
    });
    expect(pendingApprovers(d.state)).toEqual(['b']);
    // Once for the head, whoever gives it.
    refused(committee, d.state, approve('deputy2', { onBehalfOf: 'head' }), 'ERR_FLOW_ALREADY_ACTED', c());
    refused(committee, d.state, approve('head'), 'ERR_FLOW_ALREADY_ACTED', c());
    expect(must(committee, d.state, approve('b'), c()).state.status).toBe('approved');
  });

  it('lets a delegate reject or return for the approver', () => {
    const s = start(committee).state;
    const r = must(
      committee,
      s,
      { type: 'return', actorId: 'deputy2', onBehalfOf: 'head', comment: 'x' },
      c(),
    );
    expect(r.state.status).toBe('returned');
    expect(r.state.history.at(-1)).toMatchObject({
      actorId: 'deputy2',
      onBehalfOf: 'head',
      action: 'return',
    });
  });

  it('refuses someone the approver has not delegated to, or not at this time', () => {
    const s = start(committee).state;
    refused(committee, s, approve('mallory', { onBehalfOf: 'head' }), 'ERR_FLOW_NOT_DELEGATE', c());
    refused(
      committee,
      s,
      approve('deputy2', { onBehalfOf: 'head' }),
      'ERR_FLOW_NOT_DELEGATE',
      c({ now: new Date('2026-10-01T00:00:00Z') }),
    );
    refused(committee, s, approve('deputy2', { onBehalfOf: 'b' }), 'ERR_FLOW_NOT_DELEGATE', c());
    // Acting "for" someone who is not an approver at all.
    refused(committee, s, approve('deputy2', { onBehalfOf: 'keeper' }), 'ERR_FLOW_NOT_APPROVER', c());
  });

  it('refuses a delegate who is the requester', () => {
    const s = start(committee).state;
    refused(committee, s, approve('req', { onBehalfOf: 'head' }), 'ERR_FLOW_SELF_APPROVAL', c());
  });

  it('treats acting on behalf of oneself as acting directly', () => {
    const s = start(committee).state;
    const r = must(committee, s, approve('head', { onBehalfOf: 'head' }), c());
    expect(r.state.steps['board']!.approvals).toEqual([{ userId: 'head', at: T0.toISOString() }]);
  });
});

describe('deadlines', () => {
  // 8 hours to decide: reminder at 6 h, escalation at 8 h.
  const timed = flow(
    [
      step('sign', [user('a'), user('b'), user('c')], {
        mode: 'all',
        deadlineHours: 8,
        escalateTo: [role('security_admin', 'hq'), user('req')],
      }),
      step('quiet', [user('l1')], { deadlineHours: 8 }),
      step('open', [user('l2')]),
    ],
    [step('after', [user('keeper')])],
  );
  const tick = (s: FlowState, ms: number) => must(timed, s, { type: 'tick' }, ctx({ now: at(ms) }));

  it('reminds those who have not acted once three quarters have passed, not a millisecond before', () => {
    const s = must(timed, start(timed).state, approve('a')).state;
    const early = tick(s, 6 * HOUR - 1);
    expect(early.effects).toEqual([]);
    expect(early.state).toEqual(s);

    const due = tick(s, 6 * HOUR);
    expect(due.effects).toEqual([
      { kind: 'notify', userIds: ['b', 'c'], reason: 'reminder' },
      { kind: 'notify', userIds: ['l1'], reason: 'reminder' },
    ]);
    expect(due.state.steps['sign']).toMatchObject({ reminded: true, escalated: false });
    expect(due.state.steps['open']!.reminded).toBe(false);
    expect(actions(due.state).slice(-2)).toEqual(['remind:sign', 'remind:quiet']);
    expect(due.state.history.at(-1)).toEqual({
      at: at(6 * HOUR).toISOString(),
      actorId: null,
      action: 'remind',
      stepId: 'quiet',
    });
    // Once only.
    expect(tick(due.state, 6 * HOUR + 1).effects).toEqual([]);
    expect(tick(due.state, 8 * HOUR - 1).effects).toEqual([]);
  });

  it('escalates at the deadline, not a millisecond before, and only once', () => {
    let s = must(timed, start(timed).state, approve('a')).state;
    s = tick(s, 6 * HOUR).state;
    expect(tick(s, 8 * HOUR - 1).effects).toEqual([]);
    const due = tick(s, 8 * HOUR);
    // The requester named by escalateTo is left out.
    expect(due.effects).toEqual([
      { kind: 'notify', userIds: ['boss'], reason: 'escalated' },
      { kind: 'notify', userIds: ['l1'], reason: 'overdue' },
    ]);
    expect(due.state.steps['sign']).toMatchObject({
      approvers: ['a', 'b', 'boss', 'c'],
      escalated: true,
      escalatedTo: ['boss'],
    });
    expect(due.state.steps['quiet']).toMatchObject({ approvers: ['l1'], escalated: true, escalatedTo: [] });
    expect(actions(due.state).slice(-2)).toEqual(['escalate:sign', 'escalate:quiet']);
    expect(pendingApprovers(due.state)).toEqual(['b', 'boss', 'c', 'l1', 'l2']);
    expect(tick(due.state, 8 * HOUR + 1).effects).toEqual([]);
    expect(tick(due.state, 100 * HOUR).effects).toEqual([]);
  });

  it('lets the escalated approver decide a 会签 step alone', () => {
    let s = must(timed, start(timed).state, approve('a')).state;
    s = tick(s, 8 * HOUR).state;
    s = must(timed, s, approve('boss'), ctx({ now: at(9 * HOUR) })).state;
    expect(s.steps['sign']!.status).toBe('done');
    s = must(timed, s, approve('l1')).state;
    s = must(timed, s, approve('l2')).state;
    expect(s.stageIndex).toBe(1);
  });

  it('escalates without a separate reminder when the first tick comes after the deadline', () => {
    const s = start(timed).state;
    const late = tick(s, 8 * HOUR + 1);
    expect(late.effects).toEqual([
      { kind: 'notify', userIds: ['boss'], reason: 'escalated' },
      { kind: 'notify', userIds: ['l1'], reason: 'overdue' },
    ]);
    expect(late.state.steps['sign']).toMatchObject({ reminded: true, escalated: true });
    expect(tick(late.state, 9 * HOUR).effects).toEqual([]);
  });

  it('sends no reminder for a step already decided', () => {
    let s = start(timed).state;
    s = must(timed, s, approve('l1')).state;
    expect(tick(s, 6 * HOUR).effects).toEqual([
      { kind: 'notify', userIds: ['a', 'b', 'c'], reason: 'reminder' },
    ]);
  });

  it('measures deadlines from entering the stage', () => {
    const def = flow([step('first', [user('a')])], [step('second', [user('b')], { deadlineHours: 2 })]);
    let s = start(def).state;
    s = must(def, s, approve('a'), ctx({ now: at(10 * HOUR) })).state;
    expect(s.steps['second']!.dueAt).toBe(at(12 * HOUR).toISOString());
    const t = (ms: number) => must(def, s, { type: 'tick' }, ctx({ now: at(ms) }));
    expect(t(11.5 * HOUR - 1).effects).toEqual([]);
    expect(t(11.5 * HOUR).effects).toEqual([{ kind: 'notify', userIds: ['b'], reason: 'reminder' }]);
    expect(t(12 * HOUR).effects).toEqual([{ kind: 'notify', userIds: ['b'], reason: 'overdue' }]);
  });
});

describe('random walks', () => {
  /** mulberry32: a small seeded generator, so a failure can be replayed. */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const def = flow(
    [
      step('committee', [user('a'), user('b'), user('c')], {
        mode: 'all',
        deadlineHours: 4,
        escalateTo: [user('boss')],
      }),
      step('legal', [role('file_admin', 'legal')], {
        when: [{ field: 'sealType', op: 'ne', value: 'steel' }],
      }),
    ],
    [
      step('finance', [user('fin'), user('a')], {
        mode: 'all',
        when: [{ field: 'amount', op: 'gt', value: 10000 }],
      }),
      step('copies', [user('keeper')], { when: [{ field: 'copies', op: 'gte', value: 10 }] }),
    ],
    [step('office', [role('seal_admin', 'seal-unit')], { deadlineHours: 1 })],
  );
  const people = ['req', 'a', 'b', 'c', 'l1', 'l2', 'fin', 'keeper', 'boss', 'deputy', 'stranger'];
  const delegations: Delegations = (approverId) => (approverId === 'a' ? ['deputy', 'req'] : []);
  const variants: FlowRequestFields[] = [
    { ...fields, amount: 20000, copies: 20 },
    { ...fields, sealType: 'steel' },
    { ...fields, amount: 500, copies: 1 },
    { ...fields, sealUnitId: 'nowhere' },
  ];

  it('never approves while an applicable step is undecided, and never changes its input', () => {
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const started = startFlow(def, pick(variants), 'req', T0, resolve);
      if (!started.ok) continue;
      let s = started.state;
      let clock = 0;
      for (let i = 0; i < 40; i++) {
        clock += Math.floor(rand() * 2 * HOUR);
        const actor = pick(people);
        const kind = pick([
          'approve',
          'approve',
          'approve',
          'reject',
          'return',
          'withdraw',
          'resubmit',
          'tick',
        ] as const);
        const action: FlowAction =
          kind === 'tick'
            ? { type: 'tick' }
            : kind === 'withdraw'
              ? { type: 'withdraw', actorId: rand() < 0.5 ? 'req' : actor }
              : kind === 'resubmit'
                ? { type: 'resubmit', actorId: rand() < 0.7 ? 'req' : actor, fields: pick(variants) }
                : {
                    type: kind,
                    actorId: actor,
                    ...(rand() < 0.7 ? { comment: 'ok' } : {}),
                    ...(rand() < 0.2 ? { onBehalfOf: 'a' } : {}),
                    ...(rand() < 0.2
                      ? { stepId: pick(['committee', 'legal', 'finance', 'copies', 'office']) }
                      : {}),
                  };
        const before = JSON.stringify(s);
        const r = act(def, s, action, { now: at(clock), resolve, delegations });
        expect(JSON.stringify(s), `seed ${seed} step ${i}`).toBe(before);
        if (!r.ok) continue;
        s = r.state;
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
        checkInvariants(s, `seed ${seed} step ${i}`);
        seen.set(s.status, (seen.get(s.status) ?? 0) + 1);
        if (s.round > 1) seen.set('resubmitted', (seen.get('resubmitted') ?? 0) + 1);
      }
    }
    // The walks must reach every outcome, or the invariants above were checked on nothing.
    for (const outcome of ['pending', 'approved', 'rejected', 'returned', 'withdrawn', 'resubmitted']) {
      expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(10);
    }
  });

  function checkInvariants(s: FlowState, where: string) {
    const stepsOf = (i: number) => def.stages[i]?.steps ?? [];
    if (s.status === 'approved') {
      for (const stage of def.stages) {
        for (const st of stage.steps) {
          const applies = conditionsHold(st.when, s.fields);
          expect(s.steps[st.id]!.status, `${where}: ${st.id}`).toBe(applies ? 'done' : 'skipped');
        }
      }
      expect(s.history.at(-1)!.action, where).toBe('complete');
    }
    if (s.status === 'pending') {
      // Only the current stage waits; earlier ones are decided, later ones untouched.
      def.stages.forEach((_, i) => {
        for (const st of stepsOf(i)) {
          const status = s.steps[st.id]!.status;
          if (i < s.stageIndex) expect(['done', 'skipped'], where).toContain(status);
          if (i > s.stageIndex) expect(status, where).toBe('pending-later');
        }
      });
      expect(waitingSteps(s).length, where).toBeGreaterThan(0);
    }
    for (const st of Object.values(s.steps)) {
      expect(st.approvers, where).not.toContain('req');
      expect(st.approvers, where).toEqual([...new Set(st.approvers)].sort());
      expect(
        st.approvals.map((a) => a.userId),
        where,
      ).not.toContain('req');
    }
  }
});
