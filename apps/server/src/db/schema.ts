import type { Generated } from 'kysely';

/** The Kysely view of the database. Column names are snake_case in SQL, camelCase here. */
export interface Database {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_anchors: AuditAnchorTable;
  org_units: OrgUnitTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  seals: SealTable;
  seal_grants: SealGrantTable;
  sealed_documents: SealedDocumentTable;
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

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  /** Ancestor ids from the root down to this unit, as "/root/college/unit/": scope checks and subtree queries. */
  path: string;
  name_zh: string;
  name_en: string;
  kind: 'school' | 'college' | 'office' | 'unit';
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  /** PHC string, argon2id. */
  password_hash: string;
  failed_logins: number;
  /** ISO 8601 UTC, null when not locked. */
  locked_until: string | null;
  /** Never serialised: the API's User schema has no such field. */
  totp_secret: string | null;
  /** Enrolled but not yet confirmed with a code; becomes totp_secret on confirmation. */
  totp_pending: string | null;
  created_at: string;
}

export interface RoleGrantTable {
  user_id: string;
  role: string;
  org_unit_id: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 hex of the cookie token, so a database read does not yield usable sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface SealTable {
  id: string;
  name: string;
  type: 'official' | 'contract' | 'finance' | 'business' | 'personal';
  owner_unit_id: string;
  status: 'active' | 'suspended' | 'revoked' | 'destroyed';
  custodian_user_id: string | null;
  /** 0 or 1: SQLite has no boolean. */
  physical: number;
  /** JSON of the vector SealSpec drawn on every use. */
  seal_spec: string;
  certificate: Uint8Array | null;
  /** Hex, as the PKI records it. */
  certificate_serial: string | null;
  /** Envelope-encrypted PKCS#8 (plugins/keys.ts); null for physical seals, token keys and once destroyed. Never serialised. */
  key_envelope: Uint8Array | null;
  /** Where the private key lives; null for physical seals and once destroyed. */
  key_store: 'software' | 'pkcs11' | null;
  /** The uploaded picture of an image seal (seal_spec kind 'image'), with its media type. */
  image: Uint8Array | null;
  image_type: 'image/png' | 'image/svg+xml' | null;
  created_at: string;
}

/** Who may stamp with a seal: one user, or every holder of `role` at `unit_id` or below. */
export interface SealGrantTable {
  id: string;
  seal_id: string;
  user_id: string | null;
  role: string | null;
  unit_id: string | null;
  /** JSON array of DocumentType; empty: any. */
  document_types: string;
  /** ISO 8601 UTC; null: until withdrawn. */
  until: string | null;
  /** Uses this grant allows in total; null: no quota. */
  max_uses: number | null;
  /** Uses made under this grant, counted in the use's transaction. */
  uses: Generated<number>;
  created_at: string;
}

/** The document ledger: one row per sealed file. */
export interface SealedDocumentTable {
  id: string;
  /** SHA-256 hex of the sealed file as returned. */
  sha256: string;
  seal_id: string;
  /** Username of who sealed it. */
  actor: string;
  purpose: string;
  /** Null for uses recorded before document types existed. */
  document_type: string | null;
  /** Who sealed it (users.id), their home unit, and the grant that allowed it; null on older rows. */
  user_id: string | null;
  unit_id: string | null;
  grant_id: string | null;
  created_at: string;
}
