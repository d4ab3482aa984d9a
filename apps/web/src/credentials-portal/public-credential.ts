import type { PublicCredentialView } from '@openseal/contract';
import { ApiError, apiErrorFrom } from '../api/api-error.ts';

// The public page needs no session: these calls send no cookie and no CSRF token.
async function publicGet(path: string, accept: string, fetchFn: typeof fetch): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(path, { headers: { accept }, credentials: 'omit' });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  return response;
}

const base = (publicId: string) => `/api/public/credentials/${encodeURIComponent(publicId)}`;

/** What the archive holds behind a QR code; the printed code is required (the server rate-limits guesses). */
export async function fetchPublicCredential(
  publicId: string,
  code: string,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<PublicCredentialView> {
  const response = await publicGet(
    `${base(publicId)}?code=${encodeURIComponent(code)}`,
    'application/json',
    fetchFn,
  );
  return (await response.json()) as PublicCredentialView;
}

/** The archived original, to be compared page by page with the paper in the reader's hand. */
export async function fetchPublicCredentialPdf(
  publicId: string,
  code: string,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<Uint8Array> {
  const response = await publicGet(
    `${base(publicId)}/pdf?code=${encodeURIComponent(code)}`,
    'application/pdf',
    fetchFn,
  );
  return new Uint8Array(await response.arrayBuffer());
}

/** How a failed look-up reads: no such document (or a wrong code), too many attempts, or anything else. */
export function publicLookupProblem(error: unknown): 'not-found' | 'too-many' | 'other' {
  if (!(error instanceof ApiError)) return 'other';
  if (error.status === 404 || error.status === 400) return 'not-found';
  if (error.status === 429) return 'too-many';
  return 'other';
}
