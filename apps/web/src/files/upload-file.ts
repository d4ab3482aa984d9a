import { routes, type UploadRef, uploadMediaType } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';

/**
 * Stages a file the person chose (POST /api/uploads): sent as itself with its media type — `mediaType`
 * when the page already knows it (a PDF recognised by its content), else the browser's, else the one
 * its extension names. Returns the `{ uploadId }` a request's JSON body names.
 */
export async function uploadFile(api: ApiClient, file: File, mediaType?: string): Promise<UploadRef> {
  const upload = await api.call(routes.postUpload, {
    query: { name: file.name },
    body: file,
    contentType:
      mediaType ?? uploadMediaType(file.name, file.type) ?? (file.type || 'application/octet-stream'),
  });
  return { uploadId: upload.id };
}
