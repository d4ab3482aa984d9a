import type { RouteResponse, RouteSpec } from '@openseal/contract';
import { ApiError, apiErrorFrom } from './api-error.ts';
import { type ApiUrl, type UrlArgs, urlOf } from './api-url.ts';
import type { OptionalUploadArgs, RouteAnswer, RouteArgList } from './route-types.ts';

export interface ApiClient {
  /**
   * Calls one route of the contract's route table: the path and query built from `args`, a JSON body
   * (or the file itself, for an upload route), and the answer as JSON (or bytes, for a download route).
   */
  call<R extends RouteSpec>(route: R, ...args: RouteArgList<R>): Promise<RouteAnswer<R>>;
  /** GETs the JSON answer at an address apiUrl() built (what a loading hook keys on). */
  get<R extends RouteSpec>(url: ApiUrl<R>): Promise<RouteResponse<R>>;
  /** The CSRF token the login answer carries; sent on every state-changing request. */
  setCsrfToken(token: string | null): void;
  /** Called when the server refuses a state-changing request for its CSRF token; returns an unsubscribe. */
  onCsrfRejected(listener: () => void): () => void;
}

export interface ApiClientOptions {
  /**
   * `omit` for the public pages (verification, QR look-up): they need no session, so they send no
   * cookie and no CSRF token. Default `same-origin`.
   */
  credentials?: 'same-origin' | 'omit';
}

/** A JSON body, or raw bytes with their own media type. */
type Body = { json: unknown } | { raw: Blob; contentType: string } | undefined;

/**
 * Same-origin client of the contract's route table. The session lives in the server's HttpOnly cookie
 * and the CSRF token only in memory, so nothing sensitive is ever written to localStorage; after a page
 * reload it is restored from the auth `me` route. Should a write still be refused for it, the listeners
 * send the person back to sign in.
 */
export function createApiClient(
  fetchFn: typeof fetch = fetch.bind(globalThis),
  { credentials = 'same-origin' }: ApiClientOptions = {},
): ApiClient {
  let csrfToken: string | null = null;
  const csrfListeners = new Set<() => void>();

  async function send(method: string, url: string, body: Body, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body && 'raw' in body) headers['content-type'] = body.contentType;
    else if (body) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetchFn(url, {
        method,
        headers,
        credentials,
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

  /** The JSON answer; its type is the called route's (the server serializes through that schema). */
  async function json<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  function bodyOf(route: RouteSpec, args: { body?: unknown; contentType?: string }): Body {
    if (route.upload) {
      const { body, contentType } = args as OptionalUploadArgs;
      if (body === undefined) return undefined;
      return { raw: body, contentType: contentType || body.type || (route.upload.contentTypes[0] ?? '') };
    }
    return args.body === undefined ? undefined : { json: args.body };
  }

  return {
    call: async <R extends RouteSpec>(route: R, ...[args]: RouteArgList<R>) => {
      const url = urlOf(route, args as UrlArgs | undefined);
      const body = bodyOf(route, (args ?? {}) as { body?: unknown; contentType?: string });
      if (route.download) {
        const response = await send(route.method, url, body, '*/*');
        return {
          bytes: new Uint8Array(await response.arrayBuffer()),
          headers: response.headers,
        } as RouteAnswer<R>;
      }
      return json<RouteAnswer<R>>(await send(route.method, url, body, 'application/json'));
    },
    get: async <R extends RouteSpec>(url: ApiUrl<R>) =>
      json<RouteResponse<R>>(await send('GET', url, undefined, 'application/json')),
    setCsrfToken: (token) => {
      csrfToken = token;
    },
    onCsrfRejected: (listener) => {
      csrfListeners.add(listener);
      return () => csrfListeners.delete(listener);
    },
  };
}
