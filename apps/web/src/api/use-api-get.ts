import type { RouteResponse, RouteSpec } from '@openseal/contract';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from './api-context.tsx';
import { type ApiUrl, type UrlArgs, urlOf } from './api-url.ts';
import type { AddressArgs } from './route-types.ts';

export type Load<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'failed'; error: unknown };

/**
 * GETs a route of the table (`args` null: nothing to load yet) and again whenever `reload()` is called
 * or the address the arguments make changes.
 */
export function useApiGet<R extends RouteSpec & { method: 'GET' }>(
  route: R,
  ...[args]: object extends AddressArgs<R> ? [args?: AddressArgs<R> | null] : [args: AddressArgs<R> | null]
): { load: Load<RouteResponse<R>>; reload: () => void };
/** The same for an address apiUrl() built (null: nothing to load yet). */
export function useApiGet<R extends RouteSpec>(
  url: ApiUrl<R> | null,
): { load: Load<RouteResponse<R>>; reload: () => void };
export function useApiGet(
  route: RouteSpec | string | null,
  args?: unknown,
): { load: Load<unknown>; reload: () => void } {
  const api = useApi();
  const [load, setLoad] = useState<Load<unknown>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const url =
    typeof route === 'string' || route === null
      ? route
      : args === null
        ? null
        : urlOf(route, args as UrlArgs | undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setLoad({ status: 'loading' });
    api.get(url as ApiUrl).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (error: unknown) => live && setLoad({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, url, generation]);

  return { load, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}
