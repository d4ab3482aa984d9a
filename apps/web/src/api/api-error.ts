import type { ErrorBody } from '@openseal/contract';

/**
 * A failed API call. `body` is the contract's error body when the server sent one; `status` 0 means
 * the server could not be reached. Callers branch on `status`/`body.code`, never on message text.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body ? `${body.code}: ${body.message}` : `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['code'] === 'string' && typeof v['message'] === 'string' && typeof v['messageZh'] === 'string'
  );
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const parsed: unknown = await response.json().catch(() => null);
  return new ApiError(response.status, isErrorBody(parsed) ? parsed : null);
}
