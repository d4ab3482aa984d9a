import { ApiError, apiErrorFrom } from './api-error.ts';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** GETs bytes (e.g. a request's PDF). */
  getBytes(path: string): Promise<Uint8Array>;
  /** POSTs JSON and takes the answer as bytes (e.g. a sealed PDF), with its headers. */
  postForBlob(path: string, body: unknown): Promise<{ blob: Blob; headers: Headers }>;
  /** POSTs raw bytes (e.g. a CSV or XLSX file) as `contentType` and takes the answer as JSON. */
  postFile<T>(path: string, body: Blob, contentType: string): Promise<T>;
  /** The CSRF token the login answer carries; sent on every state-changing request. */
  setCsrfToken(token: string | null): void;
  /** Called when the server refuses a state-changing request for its CSRF token; returns an unsubscribe. */
  onCsrfRejected(listener: () => void): () => void;
}

/**
 * Same-origin JSON client. The session lives in the server's HttpOnly cookie and the CSRF token only
 * in memory, so nothing sensitive is ever written to localStorage; after a page reload it is restored
 * from GET /api/auth/me. Should a write still be refused for it, the listeners send the person back to
 * sign in.
 */
export function createApiClient(fetchFn: typeof fetch = fetch.bind(globalThis)): ApiClient {
  let csrfToken: string | null = null;
  const csrfListeners = new Set<() => void>();

  /** A JSON body, or raw bytes with their own media type. */
  type Body = { json: unknown } | { raw: Blob; contentType: string } | undefined;

  async function send(method: string, path: string, body: Body, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body && 'raw' in body) headers['content-type'] = body.contentType;
    else if (body) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetchFn(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body ? { body: 'raw' in body ? body.raw : JSON.stringify(body.json) } : {}),
      });
    } catch {
      throw new ApiError(0, null);
    }
    if (!response.ok) {
      const error = await apiErrorFrom(response);
      if (error.body?.code === 'ERR_CSRF') for (const listener of csrfListeners) listener();
      throw error;
    }
    return response;
  }

  async function request<T>(method: string, path: string, body?: Body): Promise<T> {
    const response = await send(method, path, body, 'application/json');
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body === undefined ? undefined : { json: body }),
    put: (path, body) => request('PUT', path, { json: body }),
    delete: (path) => request('DELETE', path),
    getBytes: async (path) => {
      const response = await send('GET', path, undefined, '*/*');
      return new Uint8Array(await response.arrayBuffer());
    },
    postForBlob: async (path, body) => {
      const response = await send('POST', path, { json: body }, '*/*');
      return { blob: await response.blob(), headers: response.headers };
    },
    postFile: (path, body, contentType) => request('POST', path, { raw: body, contentType }),
    setCsrfToken: (token) => {
      csrfToken = token;
    },
    onCsrfRejected: (listener) => {
      csrfListeners.add(listener);
      return () => csrfListeners.delete(listener);
    },
  };
}
