import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from './permissions.ts';

/** What a request asks for. The seal lifecycle and the use of a seal each go through an approval flow. */
export const REQUEST_TYPES = [
  'seal.make',
  'seal.change',
  'seal.authorize',
  'seal.transfer',
  'seal.suspend',
  'seal.resume',
  'seal.revoke',
  'seal.destroy',
  'seal.use',
  'seal.physicalUse',
  'credential.issue',
] as const;
export const RequestType = Type.Union(REQUEST_TYPES.map((t) => Type.Literal(t)));
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * Who approves a step: a named user, or the holders of a role at a unit relative to the request —
 * the requester's unit, the seal's owner unit, or a fixed unit. With `nearest`, when nobody holds the
 * role at that unit the search walks up the org tree ("the head of the requester's college").
 */
export const ApproverRule = Type.Union([
  Type.Object(
    { kind: Type.Literal('user'), userId: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('role'),
      role: Type.Union(ROLES.map((r) => Type.Literal(r))),
      at: Type.Union([Type.Literal('requester-unit'), Type.Literal('seal-unit'), Type.Literal('unit')]),
      /** Required when `at` is `unit`. */
      unitId: Type.Optional(Type.String({ minLength: 1 })),
      nearest: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);
export type ApproverRule = Static<typeof ApproverRule>;

/** The request fields a condition may test. */
export const CONDITION_FIELDS = [
  'requestType',
  'sealType',
  'documentType',
  'amount',
  'copies',
  'unitId',
] as const;
export const CONDITION_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] as const;
export const FlowCondition = Type.Object(
  {
    field: Type.Union(CONDITION_FIELDS.map((f) => Type.Literal(f))),
    op: Type.Union(CONDITION_OPS.map((o) => Type.Literal(o))),
    // Number first: request bodies are validated with type coercion on (query strings need it),
    // which would turn 100000 into "100000" if String came first. validateFlow checks the type per field.
    value: Type.Union([Type.Number(), Type.String(), Type.Array(Type.String(), { maxItems: 50 })]),
  },
  { additionalProperties: false },
);
export type FlowCondition = Static<typeof FlowCondition>;

export const FlowStep = Type.Object(
  {
    /** Unique within the flow. */
    id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    approvers: Type.Array(ApproverRule, { minItems: 1, maxItems: 20 }),
    /** 会签/或签: every resolved approver must approve, or any one of them. */
    mode: Type.Union([Type.Literal('all'), Type.Literal('any')]),
    /** The step applies only when every condition holds on the request; otherwise it is skipped. */
    when: Type.Optional(Type.Array(FlowCondition, { maxItems: 10 })),
    /** Hours to decide; a reminder goes out when three quarters have passed, escalation at the deadline. */
    deadlineHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 90 })),
    /** Added as approvers of the step at the deadline. */
    escalateTo: Type.Optional(Type.Array(ApproverRule, { minItems: 1, maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type FlowStep = Static<typeof FlowStep>;

/** Stages run one after another; the steps of a stage run in parallel. */
export const FlowDefinition = Type.Object(
  {
    stages: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          steps: Type.Array(FlowStep, { minItems: 1, maxItems: 10 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export type FlowDefinition = Static<typeof FlowDefinition>;

/** The request fields conditions read and approver rules resolve against. */
export interface FlowRequestFields {
  requestType: RequestType;
  /** The requester's home unit. */
  unitId: string;
  /** The seal's owner unit, for requests about a seal. */
  sealUnitId?: string;
  sealType?: string;
  documentType?: string;
  amount?: number;
  copies?: number;
}
