import type { Generated } from 'kysely';

/** The Kysely view of the database. Column names are snake_case in SQL, camelCase here. */
export interface Database {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_anchors: AuditAnchorTable;
}

export interface AuditLogTable {
  seq: number;
  /** ISO 8601 UTC text, hashed exactly as stored (no timezone round-trip through the driver). */
  time: string;
  actor: string | null;
  role: string | null;
  org: string | null;
  action: string;
  object: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): the latest seq and hash. Updated first in every append so appends serialise. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditAnchorTable {
  id: Generated<number>;
  seq: number;
  head_hash: string;
  /** RFC 3161 TimeStampToken DER over the raw 32 bytes of head_hash. */
  token: Uint8Array;
  gen_time: string;
}
