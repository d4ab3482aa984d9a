import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';

/**
 * GETs `path` now, every `everyMs`, and whenever `refresh` changes; a failed poll keeps the last
 * answer (a badge should not flicker to zero when the network blips).
 */
export function usePolled<T>(path: string | null, everyMs: number, refresh: unknown = 0): T | null {
  const api = useApi();
  const [data, setData] = useState<T | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh is a trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const load = () =>
      api.get<T>(path).then(
        (answer) => live && setData(answer),
        () => undefined,
      );
    void load();
    const timer = window.setInterval(load, everyMs);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [api, path, everyMs, refresh]);
  return data;
}
