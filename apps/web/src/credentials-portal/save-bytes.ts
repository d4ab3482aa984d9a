/** Hands bytes to the browser as a file download (the PDFs come over fetch, not a plain link). */
export function saveBytes(bytes: Uint8Array, fileName: string, type = 'application/pdf'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the URL is freed a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The downloaded file's name: the type's code and the document number, e.g. major-transcript-zh-K7M2Q9XA.pdf. */
export const credentialFileName = (c: { typeCode: string; publicId: string }): string =>
  `${c.typeCode}-${c.publicId}.pdf`;
