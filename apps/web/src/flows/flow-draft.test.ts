import type { FlowDefinition } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import {
  defaultCondition,
  errorsByRow,
  freshStepId,
  moved,
  newStep,
  withOptionalList,
} from './flow-draft.ts';

const flow: FlowDefinition = {
  stages: [
    {
      name: 'a',
      steps: [{ id: 'step-2', name: 'x', mode: 'any', approvers: [{ kind: 'user', userId: 'u' }] }],
    },
  ],
};

describe('flow drafts', () => {
  it('gives a new step an id no other step has', () => {
    expect(freshStepId(flow)).toBe('step-3');
    expect(newStep(flow, 'y')).toMatchObject({ id: 'step-3', mode: 'any', approvers: [{ kind: 'role' }] });
  });
  it('moves stages up and down, and ignores moves off either end', () => {
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moved(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
  it('puts the server validation problems beside their rows', () => {
    const rows = errorsByRow([
      '/stages/0/steps/1/approvers/0/unitId: a role at a fixed unit needs unitId',
      '/definition/stages/1/name: must NOT have fewer than 1 characters',
      'flow name missing',
    ]);
    expect(rows.steps.get('0/1')).toHaveLength(1);
    expect(rows.stages.get(1)).toHaveLength(1);
    expect(rows.other).toEqual(['flow name missing']);
  });
});

describe('withOptionalList', () => {
  const step = {
    id: 's',
    name: 'x',
    mode: 'any' as const,
    approvers: [{ kind: 'user' as const, userId: 'u' }],
  };

  it('sets a non-empty list and drops the key for an empty one', () => {
    const withWhen = withOptionalList(step, 'when', [defaultCondition()]);
    expect(withWhen.when).toEqual([defaultCondition()]);
    const cleared = withOptionalList(withWhen, 'when', []);
    expect(cleared).toEqual(step);
    expect('when' in cleared).toBe(false);
    expect('escalateTo' in withOptionalList({ ...step, escalateTo: step.approvers }, 'escalateTo', [])).toBe(
      false,
    );
  });
});
