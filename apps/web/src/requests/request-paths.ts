/** The console page of a request (its API addresses come from the route table). */
export const requestPage = (id: string): string => `/requests/${encodeURIComponent(id)}`;
