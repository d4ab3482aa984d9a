import type { ApproverRule, FlowCondition, FlowDefinition, FlowStep } from '@openseal/contract';

/** A step id not yet used in the flow (ids must be unique and match ^[A-Za-z0-9_-]+$). */
export function freshStepId(def: FlowDefinition): string {
  const used = new Set(def.stages.flatMap((s) => s.steps.map((step) => step.id)));
  let n = used.size + 1;
  while (used.has(`step-${n}`)) n++;
  return `step-${n}`;
}

export const defaultRule = (): ApproverRule => ({
  kind: 'role',
  role: 'unit_leader',
  at: 'requester-unit',
  nearest: true,
});

export function newStep(def: FlowDefinition, name: string): FlowStep {
  return { id: freshStepId(def), name, approvers: [defaultRule()], mode: 'any' };
}

export const defaultCondition = (): FlowCondition => ({ field: 'amount', op: 'gt', value: 100000 });

/** `list` with the item at `from` moved to `to` (out-of-range moves change nothing). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from < 0 || from >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export interface RowErrors {
  /** Problems of one step, keyed `${stage}/${step}`. */
  steps: Map<string, string[]>;
  /** Problems of a stage as a whole, keyed by its index. */
  stages: Map<number, string[]>;
  /** Everything that names no stage. */
  other: string[];
}

/**
 * The server's ERR_FLOW_INVALID details ("/stages/0/steps/1/approvers/0/unitId: …", schema errors
 * prefixed "/definition") sorted onto the editor's rows, so each shows beside the step it concerns.
 */
export function errorsByRow(details: readonly string[]): RowErrors {
  const out: RowErrors = { steps: new Map(), stages: new Map(), other: [] };
  for (const d of details) {
    const m = /\/stages\/(\d+)(?:\/steps\/(\d+))?/.exec(d);
    if (!m) {
      out.other.push(d);
    } else if (m[2] !== undefined) {
      const key = `${m[1]}/${m[2]}`;
      out.steps.set(key, [...(out.steps.get(key) ?? []), d]);
    } else {
      const s = Number(m[1]);
      out.stages.set(s, [...(out.stages.get(s) ?? []), d]);
    }
  }
  return out;
}

/** `step` with an optional list set; an empty list drops the key (`escalateTo` may not be `[]`). */
export function withOptionalList<K extends 'when' | 'escalateTo'>(
  step: FlowStep,
  key: K,
  list: NonNullable<FlowStep[K]>,
): FlowStep {
  const next: FlowStep = { ...step };
  if (list.length > 0) Object.assign(next, { [key]: list });
  else delete next[key];
  return next;
}
