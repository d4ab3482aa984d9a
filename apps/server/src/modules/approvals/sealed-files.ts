import { AppError } from '../../errors.ts';
import { authorize } from '../../plugins/access-policy.ts';
import { FileStoreError } from '../../plugins/file-store.ts';
import type { Actor } from '../../plugins/session.ts';
import { unitPaths } from '../org/org-service.ts';
import { sealedFileOfRequest } from '../sealing/document-ledger.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import { readableRequest } from './requests-service.ts';

/** The download name of a sealed copy: `contract.pdf` → `contract-sealed.pdf`. */
export function sealedFileName(original: string): string {
  return `${original.replace(/\.pdf$/i, '') || 'document'}-sealed.pdf`;
}

/**
 * A sealed copy stamped under request `id`, for its requester and for those who hold documents.read
 * over the request's unit (the unit's file admins). Anyone else learns nothing: 404.
 */
export async function sealedFile(
  ctx: ApprovalsContext,
  actor: Actor,
  id: string,
  ledgerId: string,
): Promise<{ bytes: Uint8Array; name: string }> {
  const request = await readableRequest(ctx, actor, id);
  const unitPath = (await unitPaths(ctx.db, [request.unit_id])).get(request.unit_id);
  const allowed =
    request.requester_id === actor.userId ||
    (unitPath !== undefined &&
      authorize('documents.read', actor.grants, unitPath.split('/').filter(Boolean)).allowed);
  const sha256 = allowed ? await sealedFileOfRequest(ctx.db, id, ledgerId) : undefined;
  if (!sha256) throw new AppError('ERR_NOT_FOUND', `sealed file ${ledgerId} not found`);
  const original = await ctx.db
    .selectFrom('approval_files')
    .select('name')
    .where('request_id', '=', id)
    .orderBy('round', 'desc')
    .executeTakeFirst();
  try {
    return { bytes: await ctx.files.get(sha256), name: sealedFileName(original?.name ?? request.title) };
  } catch (e) {
    // Copies stamped before sealed files were kept have a ledger row but no file.
    if (e instanceof FileStoreError && e.code === 'ERR_FILE_MISSING')
      throw new AppError('ERR_SEALED_FILE_NOT_KEPT');
    throw e;
  }
}
