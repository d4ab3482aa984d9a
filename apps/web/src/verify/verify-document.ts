import type { VerificationResult } from '@openseal/contract';
import { ApiError, apiErrorFrom } from '../api/api-error.ts';

/** What POST /api/public/verify accepts; larger files are refused before they are sent. */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

/** Whether a picked file looks like a PDF: its type, or its name when the browser gives no type. */
export const looksLikePdf = (file: { name: string; type: string }): boolean =>
  file.type === 'application/pdf' || /\.pdf$/i.test(file.name);

/**
 * Sends the PDF itself (no session, no CSRF token: the endpoint is public) and returns the verdict.
 * Failures are ApiErrors like every other call, so errorText() words them.
 */
export async function verifyDocument(
  file: Blob,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<VerificationResult> {
  let response: Response;
  try {
    response = await fetchFn('/api/public/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', accept: 'application/json' },
      credentials: 'omit',
      body: file,
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as VerificationResult;
}
