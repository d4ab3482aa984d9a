import type { FlowDefinition } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { errorsByRow, freshStepId, moved, newStep } from './flow-draft.ts';

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
