import type { RouteResponse, RouteSpec } from '@openseal/contract';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { ApiUrl } from '../api/api-url.ts';

/**
 * GETs the address `url` (apiUrl() of a route; null: nothing yet) now, every `everyMs`, and whenever
 * `refresh` changes; a failed poll keeps the last answer (a badge should not flicker to zero when the
 * network blips).
 */
export function usePolled<R extends RouteSpec>(
  url: ApiUrl<R> | null,
  everyMs: number,
  refresh: unknown = 0,
): RouteResponse<R> | null {
  const api = useApi();
  const [data, setData] = useState<RouteResponse<R> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh is a trigger
  useEffect(() => {
    if (url === null) return;
    let live = true;
    const load = () =>
      api.get(url).then(
        (answer) => live && setData(answer),
        () => undefined,
      );
    void load();
    const timer = window.setInterval(load, everyMs);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [api, url, everyMs, refresh]);
  return data;
}
