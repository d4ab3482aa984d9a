import { routes, type VerificationResult } from '@openseal/contract';
import { createApiClient } from '../api/api-client.ts';

/** Whether a picked file looks like a PDF: its type, or its name when the browser gives no type. */
export const looksLikePdf = (file: { name: string; type: string }): boolean =>
  file.type === 'application/pdf' || /\.pdf$/i.test(file.name);

/**
 * Sends the PDF itself (no session, no CSRF token: the endpoint is public) and returns the verdict.
 * Failures are ApiErrors like every other call, so errorText() words them.
 */
export function verifyDocument(
  file: Blob,
  fetchFn: typeof fetch = fetch.bind(globalThis),
): Promise<VerificationResult> {
  const api = createApiClient(fetchFn, { credentials: 'omit' });
  return api.call(routes.verifyDocument, { body: file, contentType: 'application/pdf' });
}
