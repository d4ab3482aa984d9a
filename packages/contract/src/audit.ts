import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

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

/**
 * What `audit verify` can find, in the order a reader should care: entries gone after the last
 * checkpoint (the whole log, or its tail), an entry whose content or keyed link no longer matches,
 * rows inserted or missing in the middle, a head row that disagrees, a checkpoint that cannot be
 * trusted, or a keyed log with unkeyed entries.
 */
export const AuditFindingKind = Type.Union([
  Type.Literal('wiped'),
  Type.Literal('truncated'),
  Type.Literal('altered'),
  Type.Literal('inserted'),
  Type.Literal('deleted'),
  Type.Literal('head-mismatch'),
  Type.Literal('checkpoint-invalid'),
  Type.Literal('unkeyed'),
]);
export type AuditFindingKind = Static<typeof AuditFindingKind>;

/** Result of walking the whole chain against its keyed links and the checkpoints outside the database. */
export const AuditVerifyResult = Type.Object(
  {
    ok: Type.Boolean(),
    entries: Type.Integer({ minimum: 0 }),
    /** False for a log written before entries were keyed and not keyed yet (only hashes checked). */
    keyed: Type.Boolean(),
    checkpoints: Type.Integer({ minimum: 0 }),
    lastCheckpoint: Type.Optional(
      Type.Object({
        seq: Type.Integer({ minimum: 0 }),
        time: Type.String({ description: 'the TSA time when timestamped, else the server clock' }),
        timestamped: Type.Boolean(),
      }),
    ),
    firstBroken: Type.Optional(
      Type.Object({ seq: Type.Integer(), kind: AuditFindingKind, reason: Type.String() }),
    ),
  },
  { additionalProperties: false },
);
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;

/**
 * GET /api/audit/verify: the security auditor runs the check `openseal audit verify` runs (the same
 * function), against the keyed links and the checkpoints outside the database.
 */
export const verifyAuditRoute = {
  summary: 'Check the audit chain (as openseal audit verify)',
  tags: ['audit'],
  response: { 200: AuditVerifyResult, 401: ErrorBody, 403: ErrorBody, 503: ErrorBody },
} as const;

/** GET /api/audit/export: the entries the auditor reviews, as CSV (UTF-8 with BOM, for Excel). */
export const exportAuditRoute = {
  summary: 'The reviewed audit entries as CSV',
  tags: ['audit'],
  produces: ['text/csv'],
  response: { 401: ErrorBody, 403: ErrorBody },
} as const;
