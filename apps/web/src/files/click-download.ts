/** Saves what `url` points at (an object URL) under `fileName`, the way a download link would. */
export function clickDownload(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}
