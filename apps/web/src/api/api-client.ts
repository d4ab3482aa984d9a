import { ApiError, apiErrorFrom } from './api-error.ts';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** The CSRF token the login or session answer carries; sent on every state-changing request. */
  setCsrfToken(token: string | null): void;
}

/**
 * Same-origin JSON client. The session lives in the server's HttpOnly cookie and the CSRF token only
 * in memory, so nothing sensitive is ever written to localStorage.
 */
export function createApiClient(fetchFn: typeof fetch = fetch.bind(globalThis)): ApiClient {
  let csrfToken: string | null = null;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetchFn(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, null);
    }
    if (!response.ok) throw await apiErrorFrom(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    setCsrfToken: (token) => {
      csrfToken = token;
    },
  };
}
