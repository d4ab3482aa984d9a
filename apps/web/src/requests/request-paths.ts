/** Console and API addresses of requests, in one place. */
export const requestPage = (id: string): string => `/requests/${encodeURIComponent(id)}`;
export const requestApi = (id: string, rest = ''): string => `/api/requests/${encodeURIComponent(id)}${rest}`;
export const requestFileApi = (id: string, fileId: string): string =>
  requestApi(id, `/files/${encodeURIComponent(fileId)}`);
export const sealedCopyApi = (id: string, ledgerId: string): string =>
  requestApi(id, `/sealed/${encodeURIComponent(ledgerId)}`);
