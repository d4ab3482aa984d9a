import { MAX_VERIFY_BYTES, verifyDocumentRoute } from '../verification.ts';
import type { RouteSpec } from './route-spec.ts';

/** 验真: anyone uploads a PDF and gets the verdict (rate-limited per client address). */
export const verificationApi = {
  verifyDocument: {
    method: 'POST',
    path: '/api/public/verify',
    schema: verifyDocumentRoute,
    access: { public: true },
    upload: {
      contentTypes: ['application/pdf'],
      maxBytes: MAX_VERIFY_BYTES,
      wrongType: 'ERR_VERIFY_MEDIA_TYPE',
    },
  },
} as const satisfies Record<string, RouteSpec>;
