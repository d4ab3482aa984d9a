import { randomUUID } from 'node:crypto';
import {
  MAX_PKCS12_BYTES,
  MAX_REQUEST_FILE_BYTES,
  MAX_SEAL_IMAGE_BYTES,
  MAX_STAGED_BYTES_PER_USER,
  PKCS12_TYPES,
  REQUEST_FILE_TYPES,
  SEAL_IMAGE_TYPES,
  UPLOAD_LIFETIME_MS,
  type Upload,
  type UploadRef,
} from '@openseal/contract';
import { AppError } from '../../errors.ts';
import type { UploadsContext } from './uploads-context.ts';

/** An upload as a request reads it. */
export interface StagedFile {
  id: string;
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** What each kind of field takes: its media types and size. */
const FIELDS = {
  requestFile: { types: Object.values(REQUEST_FILE_TYPES), maxBytes: MAX_REQUEST_FILE_BYTES },
  sealImage: { types: Object.values(SEAL_IMAGE_TYPES), maxBytes: MAX_SEAL_IMAGE_BYTES },
  pkcs12: { types: Object.values(PKCS12_TYPES), maxBytes: MAX_PKCS12_BYTES },
} as const satisfies Record<string, { types: readonly string[]; maxBytes: number }>;
export type UploadField = keyof typeof FIELDS;

/** Keeps a file for `userId`'s next request: its bytes in the uploads store, its row for an hour. */
export async function stageUpload(
  ctx: UploadsContext,
  userId: string,
  file: { name: string; mediaType: string; bytes: Uint8Array },
): Promise<Upload> {
  const now = ctx.clock();
  const staged = await ctx.db
    .selectFrom('uploads')
    .select((eb) => eb.fn.sum<number | string | null>('bytes').as('total'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(staged?.total ?? 0) + file.bytes.length > MAX_STAGED_BYTES_PER_USER)
    throw new AppError('ERR_UPLOAD_QUOTA', `user ${userId} has too many staged bytes`);
  const sha256 = await ctx.files.put(file.bytes);
  const row = {
    id: randomUUID(),
    user_id: userId,
    name: file.name,
    media_type: file.mediaType,
    bytes: file.bytes.length,
    sha256,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  };
  await ctx.db.insertInto('uploads').values(row).execute();
  return {
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    bytes: row.bytes,
    sha256,
    expiresAt: row.expires_at,
  };
}

/**
 * `userId`'s live upload `ref` for a field of kind `field`. Another user's upload, an expired or used
 * one and an unknown id are all ERR_UPLOAD_NOT_FOUND, so ids reveal nothing about other people's files.
 */
export async function readUpload(
  ctx: UploadsContext,
  userId: string,
  ref: UploadRef,
  field: UploadField,
): Promise<StagedFile> {
  const row = await ctx.db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', ref.uploadId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', ctx.clock().toISOString())
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_UPLOAD_NOT_FOUND', `upload ${ref.uploadId} not found`);
  const accepts = FIELDS[field];
  if (!(accepts.types as readonly string[]).includes(row.media_type))
    throw new AppError('ERR_UPLOAD_WRONG_TYPE', `a ${field} cannot be ${row.media_type}`);
  if (row.bytes > accepts.maxBytes)
    throw new AppError('ERR_UPLOAD_TOO_LARGE', `a ${field} takes at most ${accepts.maxBytes} bytes`);
  return { id: row.id, name: row.name, mediaType: row.media_type, bytes: await ctx.files.get(row.sha256) };
}

/** Deletes uploads and the stored bytes no other upload shares. */
async function deleteUploads(ctx: UploadsContext, rows: { id: string; sha256: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await ctx.db
    .deleteFrom('uploads')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const hashes = [...new Set(rows.map((r) => r.sha256))];
  const shared = await ctx.db.selectFrom('uploads').select('sha256').where('sha256', 'in', hashes).execute();
  const kept = new Set(shared.map((r) => r.sha256));
  for (const sha256 of hashes) if (!kept.has(sha256)) await ctx.files.remove(sha256);
}

/** Deletes used uploads: a request that named them succeeded. */
export async function consumeUploads(ctx: UploadsContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await ctx.db.selectFrom('uploads').select(['id', 'sha256']).where('id', 'in', ids).execute();
  await deleteUploads(ctx, rows);
}

/** Deletes the uploads whose hour is up (the job runner calls this); returns how many went. */
export async function purgeExpiredUploads(ctx: UploadsContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('uploads')
    .select(['id', 'sha256'])
    .where('expires_at', '<=', ctx.clock().toISOString())
    .limit(500)
    .execute();
  await deleteUploads(ctx, rows);
  return rows.length;
}

/**
 * The uploads one API request names, read for one user and remembered: the route calls `consume()`
 * once the request succeeded, so a failed request leaves its uploads for the corrected retry.
 */
export interface UploadIntake {
  take(ref: UploadRef, field: UploadField): Promise<StagedFile>;
  consume(): Promise<void>;
}

export function uploadIntake(ctx: UploadsContext, userId: string): UploadIntake {
  const taken = new Set<string>();
  return {
    async take(ref, field) {
      const file = await readUpload(ctx, userId, ref, field);
      taken.add(file.id);
      return file;
    },
    consume: () => consumeUploads(ctx, [...taken]),
  };
}
