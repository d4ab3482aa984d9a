import { routes, type UploadRef, uploadMediaType } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';

/**
 * Stages a file the person chose (POST /api/uploads): sent as itself with its media type, named by
 * extension when the browser gives none. Returns the `{ uploadId }` a request's JSON body names.
 */
export async function uploadFile(api: ApiClient, file: File): Promise<UploadRef> {
  const upload = await api.call(routes.postUpload, {
    query: { name: file.name },
    body: file,
    contentType: uploadMediaType(file.name, file.type) ?? (file.type || 'application/octet-stream'),
  });
  return { uploadId: upload.id };
}
