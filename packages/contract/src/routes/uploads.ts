import { MAX_UPLOAD_BYTES, postUploadRoute, UPLOAD_MEDIA_TYPES } from '../uploads.ts';
import type { RouteSpec } from './route-spec.ts';

/** Staged uploads: any signed-in user stages a file, then names it in a JSON body. */
export const uploadsApi = {
  postUpload: {
    method: 'POST',
    path: '/api/uploads',
    schema: postUploadRoute,
    access: { session: true },
    upload: {
      contentTypes: UPLOAD_MEDIA_TYPES,
      maxBytes: MAX_UPLOAD_BYTES,
      wrongType: 'ERR_UPLOAD_MEDIA_TYPE',
    },
  },
} as const satisfies Record<string, RouteSpec>;
