import { type CredentialJob, routes } from '@openseal/contract';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { anyRunning } from './job-progress.ts';

const POLL_MS = 1000;

/**
 * The credential jobs (routes.listCredentialJobs), again every second while a job runs. Unlike useApiGet the last list
 * stays on screen during each refresh, so the progress bars move instead of flickering.
 */
export function useJobs(): {
  jobs: CredentialJob[] | null;
  error: unknown;
  refresh: () => void;
} {
  const api = useApi();
  const [jobs, setJobs] = useState<CredentialJob[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the refresh trigger
  useEffect(() => {
    let live = true;
    api.call(routes.listCredentialJobs).then(
      (data) => {
        if (!live) return;
        setJobs(data);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, tick]);

  const running = jobs !== null && anyRunning(jobs);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new list arms the next poll
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(refresh, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, jobs, refresh]);

  return { jobs, error, refresh };
}
