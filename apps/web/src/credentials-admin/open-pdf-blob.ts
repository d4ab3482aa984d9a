import { clickDownload } from '../files/click-download.ts';

/**
 * Shows a PDF the server made in a new tab. The tab is opened before the request (`pending`), so
 * the browser's popup blocker sees it as the click's own window; without one the file is downloaded.
 */
export function showPdfBlob(blob: Blob, pending: Window | null, fileName: string): void {
  const url = URL.createObjectURL(blob);
  if (pending) {
    pending.location.href = url;
  } else {
    clickDownload(url, fileName);
  }
  // Long enough for the tab or the download to have read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
