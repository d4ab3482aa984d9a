import type { CredentialJob } from '@openseal/contract';

/** Share of the job's items handled so far (issued or failed), 0–100, rounded down so 100 means all. */
export function jobPercent(job: Pick<CredentialJob, 'done' | 'failed' | 'total'>): number {
  if (job.total <= 0) return 100;
  return Math.min(100, Math.floor(((job.done + job.failed) * 100) / job.total));
}

/** antd Progress status: failures show as exception once the job has finished. */
export function jobProgressStatus(
  job: Pick<CredentialJob, 'status' | 'failed'>,
): 'active' | 'normal' | 'success' | 'exception' {
  if (job.status === 'running') return 'active';
  if (job.status === 'paused') return 'normal';
  return job.failed > 0 ? 'exception' : 'success';
}

/** Whether the jobs list should keep polling: some job is still running. */
export function anyRunning(jobs: readonly Pick<CredentialJob, 'status'>[]): boolean {
  return jobs.some((j) => j.status === 'running');
}
