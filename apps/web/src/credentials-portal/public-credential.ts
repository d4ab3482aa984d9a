import { type PublicCredentialView, routes } from '@openseal/contract';
import { createApiClient } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';

// The public page needs no session: these calls send no cookie and no CSRF token.
const publicApi = (fetchFn: typeof fetch) => createApiClient(fetchFn, { credentials: 'omit' });

/** What the archive holds behind a QR code; the printed code is required (the server rate-limits guesses). */
export function fetchPublicCredential(
  publicId: string,
  code: string,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<PublicCredentialView> {
  return publicApi(fetchFn).call(routes.publicCredential, { params: { publicId }, query: { code } });
}

/** The archived original, to be compared page by page with the paper in the reader's hand. */
export async function fetchPublicCredentialPdf(
  publicId: string,
  code: string,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<Uint8Array> {
  const { bytes } = await publicApi(fetchFn).call(routes.publicCredentialPdf, {
    params: { publicId },
    query: { code },
  });
  return bytes;
}

/** How a failed look-up reads: no such document (or a wrong code), too many attempts, or anything else. */
export function publicLookupProblem(error: unknown): 'not-found' | 'too-many' | 'other' {
  if (!(error instanceof ApiError)) return 'other';
  if (error.status === 404 || error.status === 400) return 'not-found';
  if (error.status === 429) return 'too-many';
  return 'other';
}
