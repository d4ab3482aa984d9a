import { type Static, Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** One audit log entry as stored and hashed (see apps/server audit-hash.ts for the hash input). */
export const AuditEntry = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    time: Type.String({ description: 'ISO 8601 UTC with milliseconds' }),
    actor: Nullable(Type.String()),
    role: Nullable(Type.String()),
    org: Nullable(Type.String()),
    action: Type.String(),
    object: Nullable(Type.String()),
    outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
    requestId: Nullable(Type.String()),
    prevHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntry>;
export type AuditOutcome = AuditEntry['outcome'];

/** Result of walking the whole chain and its timestamped anchors. */
export const AuditVerifyResult = Type.Object(
  {
    ok: Type.Boolean(),
    entries: Type.Integer({ minimum: 0 }),
    anchors: Type.Integer({ minimum: 0 }),
    lastAnchoredSeq: Type.Optional(Type.Integer()),
    firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
  },
  { additionalProperties: false },
);
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;
