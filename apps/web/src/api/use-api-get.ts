import { useCallback, useEffect, useState } from 'react';
import { useApi } from './api-context.tsx';

export type Load<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'failed'; error: unknown };

/** GETs `path` (null: nothing to load yet) and again whenever `reload()` is called. */
export function useApiGet<T>(path: string | null): { load: Load<T>; reload: () => void } {
  const api = useApi();
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoad({ status: 'loading' });
    api.get<T>(path).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (error: unknown) => live && setLoad({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, path, generation]);

  return { load, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}
