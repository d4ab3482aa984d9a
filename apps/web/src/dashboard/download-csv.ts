import { ApiError, apiErrorFrom } from '../api/api-error.ts';
import { clickDownload } from '../files/click-download.ts';

/**
 * Fetches the sealed-documents CSV with the session cookie and hands it to the browser as a download
 * (a plain link could not show the API's error in the page).
 */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/csv' } });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  const url = URL.createObjectURL(await response.blob());
  clickDownload(url, fileName);
  // Revoked after the click has been handled, so the download has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
