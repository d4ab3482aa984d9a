import type { FlowCondition, FlowDefinition, FlowRequestFields, FlowStep } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { conditionsHold, validateFlow } from './flow-definition.ts';

const step = (over: Partial<FlowStep> = {}): FlowStep => ({
  id: 'dept',
  name: 'Department',
  approvers: [{ kind: 'role', role: 'business_auditor', at: 'requester-unit' }],
  mode: 'any',
  ...over,
});
const flow = (...stages: FlowStep[][]): FlowDefinition => ({
  stages: stages.map((steps, i) => ({ name: `Stage ${i + 1}`, steps })),
});
const fields: FlowRequestFields = {
  requestType: 'seal.use',
  unitId: 'cs',
  sealType: 'official',
  documentType: 'transcript',
  amount: 12000,
  copies: 3,
};

describe('validateFlow', () => {
  it('accepts a well-formed flow', () => {
    const def = flow(
      [
        step({
          deadlineHours: 24,
          escalateTo: [{ kind: 'role', role: 'seal_admin', at: 'unit', unitId: 'hq', nearest: true }],
          when: [
            { field: 'amount', op: 'gt', value: 10000 },
            { field: 'sealType', op: 'in', value: ['official', 'steel'] },
            { field: 'documentType', op: 'ne', value: 'contract' },
            { field: 'copies', op: 'eq', value: 2 },
          ],
        }),
      ],
      [step({ id: 'office', approvers: [{ kind: 'user', userId: 'u1' }] })],
    );
    expect(validateFlow(def)).toEqual([]);
  });

  it('names a step id used twice, in the same stage or across stages', () => {
    const def = flow([step(), step({ id: 'legal' })], [step({ id: 'dept' })], [step({ id: 'legal' })]);
    expect(validateFlow(def)).toEqual([
      '/stages/1/steps/0/id: step id "dept" is already used at /stages/0/steps/0; step ids must be unique',
      '/stages/2/steps/0/id: step id "legal" is already used at /stages/0/steps/1; step ids must be unique',
    ]);
    expect(validateFlow(flow([step(), step()]))).toEqual([
      '/stages/0/steps/1/id: step id "dept" is already used at /stages/0/steps/0; step ids must be unique',
    ]);
  });

  it('wants unitId exactly when a role sits at a fixed unit, in approvers and escalateTo alike', () => {
    const def = flow([
      step({
        approvers: [
          { kind: 'user', userId: 'u1' },
          { kind: 'role', role: 'seal_admin', at: 'unit' },
          { kind: 'role', role: 'seal_admin', at: 'seal-unit', unitId: 'hq' },
        ],
        deadlineHours: 4,
        escalateTo: [{ kind: 'role', role: 'seal_admin', at: 'requester-unit', unitId: 'hq' }],
      }),
    ]);
    expect(validateFlow(def)).toEqual([
      '/stages/0/steps/0/approvers/1/unitId: a role at a fixed unit ("at": "unit") needs unitId',
      '/stages/0/steps/0/approvers/2/unitId: unitId is only used with "at": "unit", not with "at": "seal-unit"; remove it',
      '/stages/0/steps/0/escalateTo/0/unitId: unitId is only used with "at": "unit", not with "at": "requester-unit"; remove it',
    ]);
  });

  it('refuses escalation without a deadline', () => {
    const def = flow([step({ escalateTo: [{ kind: 'user', userId: 'boss' }] })]);
    expect(validateFlow(def)).toEqual([
      '/stages/0/steps/0/escalateTo: escalation needs a deadline; set deadlineHours or remove escalateTo',
    ]);
  });

  it('checks each condition value against its operator and field', () => {
    const when: FlowCondition[] = [
      { field: 'sealType', op: 'in', value: 'official' },
      { field: 'amount', op: 'gt', value: '10000' },
      { field: 'copies', op: 'lte', value: ['1'] },
      { field: 'sealType', op: 'eq', value: ['official'] },
      { field: 'sealType', op: 'ne', value: ['official'] },
      { field: 'amount', op: 'in', value: ['1'] },
      { field: 'sealType', op: 'gte', value: 3 },
      { field: 'amount', op: 'eq', value: '3' },
      { field: 'documentType', op: 'eq', value: 3 },
    ];
    const at = (i: number) => `/stages/0/steps/0/when/${i}`;
    expect(validateFlow(flow([step({ when })]))).toEqual([
      `${at(0)}/value: "in" needs a list of values`,
      `${at(1)}/value: "gt" needs a number`,
      `${at(2)}/value: "lte" needs a number`,
      `${at(3)}/value: "eq" needs a single value; use "in" for a list`,
      `${at(4)}/value: "ne" needs a single value; use "in" for a list`,
      `${at(5)}/op: "in" compares text, but amount is a number; use gt/gte/lt/lte or eq`,
      `${at(6)}/op: "gte" compares numbers, but sealType is text; use eq, ne or in`,
      `${at(7)}/value: amount is a number; compare it with one`,
      `${at(8)}/value: documentType is text; compare it with text`,
    ]);
  });
});

describe('conditionsHold', () => {
  const holds = (c: FlowCondition, f: FlowRequestFields = fields) => conditionsHold([c], f);

  it('holds with no conditions, and only when every condition holds', () => {
    expect(conditionsHold(undefined, fields)).toBe(true);
    expect(conditionsHold([], fields)).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'amount', op: 'gt', value: 10000 },
          { field: 'sealType', op: 'eq', value: 'official' },
        ],
        fields,
      ),
    ).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'amount', op: 'gt', value: 10000 },
          { field: 'sealType', op: 'eq', value: 'steel' },
        ],
        fields,
      ),
    ).toBe(false);
  });

  it('compares numbers at their boundaries', () => {
    expect(holds({ field: 'amount', op: 'gt', value: 11999 })).toBe(true);
    expect(holds({ field: 'amount', op: 'gt', value: 12000 })).toBe(false);
    expect(holds({ field: 'amount', op: 'gte', value: 12000 })).toBe(true);
    expect(holds({ field: 'amount', op: 'gte', value: 12001 })).toBe(false);
    expect(holds({ field: 'amount', op: 'lt', value: 12001 })).toBe(true);
    expect(holds({ field: 'amount', op: 'lt', value: 12000 })).toBe(false);
    expect(holds({ field: 'amount', op: 'lte', value: 12000 })).toBe(true);
    expect(holds({ field: 'amount', op: 'lte', value: 11999 })).toBe(false);
    expect(holds({ field: 'copies', op: 'eq', value: 3 })).toBe(true);
    expect(holds({ field: 'copies', op: 'ne', value: 3 })).toBe(false);
  });

  it('compares text exactly and by list', () => {
    expect(holds({ field: 'sealType', op: 'eq', value: 'official' })).toBe(true);
    expect(holds({ field: 'sealType', op: 'eq', value: 'Official' })).toBe(false);
    expect(holds({ field: 'sealType', op: 'ne', value: 'steel' })).toBe(true);
    expect(holds({ field: 'sealType', op: 'in', value: ['steel', 'official'] })).toBe(true);
    expect(holds({ field: 'sealType', op: 'in', value: ['steel'] })).toBe(false);
    expect(holds({ field: 'requestType', op: 'eq', value: 'seal.use' })).toBe(true);
    expect(holds({ field: 'unitId', op: 'in', value: ['cs', 'math'] })).toBe(true);
  });

  it('fails every condition on an absent field except ne', () => {
    const bare: FlowRequestFields = { requestType: 'seal.make', unitId: 'cs' };
    expect(holds({ field: 'amount', op: 'gt', value: 0 }, bare)).toBe(false);
    expect(holds({ field: 'amount', op: 'lte', value: 10000 }, bare)).toBe(false);
    expect(holds({ field: 'amount', op: 'lt', value: 10000 }, bare)).toBe(false);
    expect(holds({ field: 'amount', op: 'gte', value: 0 }, bare)).toBe(false);
    expect(holds({ field: 'sealType', op: 'eq', value: 'official' }, bare)).toBe(false);
    expect(holds({ field: 'sealType', op: 'in', value: ['official'] }, bare)).toBe(false);
    expect(holds({ field: 'sealType', op: 'ne', value: 'official' }, bare)).toBe(true);
  });

  it('does not hold on a mistyped value that slipped past validation', () => {
    expect(holds({ field: 'amount', op: 'gt', value: '100' })).toBe(false);
    expect(holds({ field: 'amount', op: 'eq', value: '12000' })).toBe(false);
    expect(holds({ field: 'sealType', op: 'in', value: 'official' })).toBe(false);
  });
});
