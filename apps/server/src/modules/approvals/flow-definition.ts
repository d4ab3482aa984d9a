import type { ApproverRule, FlowCondition, FlowDefinition, FlowRequestFields } from '@openseal/contract';

/** Condition fields holding numbers; the others hold strings. */
const NUMERIC_FIELDS: ReadonlySet<FlowCondition['field']> = new Set(['amount', 'copies']);
const ORDERING_OPS: ReadonlySet<FlowCondition['op']> = new Set(['gt', 'gte', 'lt', 'lte']);

/**
 * What is wrong with a flow beyond its schema (which the route already checks): each problem in plain
 * English, prefixed with the path of the offending value, e.g. `/stages/0/steps/1/approvers/0/unitId: …`.
 * Empty when the flow can be saved.
 */
export function validateFlow(def: FlowDefinition): string[] {
  const problems: string[] = [];
  const firstUse = new Map<string, string>();
  def.stages.forEach((stage, s) => {
    stage.steps.forEach((step, i) => {
      const at = `/stages/${s}/steps/${i}`;
      const earlier = firstUse.get(step.id);
      if (earlier !== undefined) {
        problems.push(
          `${at}/id: step id "${step.id}" is already used at ${earlier}; step ids must be unique`,
        );
      } else {
        firstUse.set(step.id, at);
      }
      step.approvers.forEach((rule, r) => {
        problems.push(...ruleProblems(rule, `${at}/approvers/${r}`));
      });
      step.escalateTo?.forEach((rule, r) => {
        problems.push(...ruleProblems(rule, `${at}/escalateTo/${r}`));
      });
      if (step.escalateTo !== undefined && step.deadlineHours === undefined) {
        problems.push(
          `${at}/escalateTo: escalation needs a deadline; set deadlineHours or remove escalateTo`,
        );
      }
      step.when?.forEach((condition, c) => {
        problems.push(...conditionProblems(condition, `${at}/when/${c}`));
      });
    });
  });
  return problems;
}

function ruleProblems(rule: ApproverRule, at: string): string[] {
  if (rule.kind !== 'role') return [];
  if (rule.at === 'unit' && rule.unitId === undefined) {
    return [`${at}/unitId: a role at a fixed unit ("at": "unit") needs unitId`];
  }
  if (rule.at !== 'unit' && rule.unitId !== undefined) {
    return [`${at}/unitId: unitId is only used with "at": "unit", not with "at": "${rule.at}"; remove it`];
  }
  return [];
}

function conditionProblems(condition: FlowCondition, at: string): string[] {
  const { field, op, value } = condition;
  const numeric = NUMERIC_FIELDS.has(field);
  if (op === 'in') {
    if (!Array.isArray(value)) return [`${at}/value: "in" needs a list of values`];
    if (numeric) return [`${at}/op: "in" compares text, but ${field} is a number; use gt/gte/lt/lte or eq`];
    return [];
  }
  if (ORDERING_OPS.has(op)) {
    if (typeof value !== 'number') return [`${at}/value: "${op}" needs a number`];
    if (!numeric) return [`${at}/op: "${op}" compares numbers, but ${field} is text; use eq, ne or in`];
    return [];
  }
  // eq, ne
  if (Array.isArray(value)) return [`${at}/value: "${op}" needs a single value; use "in" for a list`];
  if (numeric && typeof value !== 'number') return [`${at}/value: ${field} is a number; compare it with one`];
  if (!numeric && typeof value !== 'string') return [`${at}/value: ${field} is text; compare it with text`];
  return [];
}

/**
 * Whether every condition holds on the request (no conditions: true). A field the request does not
 * have fails its condition — an unknown amount is not "over 10000" nor "at most 10000" — except `ne`,
 * since an absent value is indeed not equal to the one named.
 */
export function conditionsHold(
  conditions: readonly FlowCondition[] | undefined,
  fields: FlowRequestFields,
): boolean {
  return (conditions ?? []).every((c) => conditionHolds(c, fields));
}

function conditionHolds({ field, op, value }: FlowCondition, fields: FlowRequestFields): boolean {
  const actual: string | number | undefined = fields[field];
  if (actual === undefined) return op === 'ne';
  switch (op) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'in':
      return Array.isArray(value) && typeof actual === 'string' && value.includes(actual);
    case 'gt':
      return typeof actual === 'number' && typeof value === 'number' && actual > value;
    case 'gte':
      return typeof actual === 'number' && typeof value === 'number' && actual >= value;
    case 'lt':
      return typeof actual === 'number' && typeof value === 'number' && actual < value;
    case 'lte':
      return typeof actual === 'number' && typeof value === 'number' && actual <= value;
  }
}
