import { type ErrorBody, type ErrorCode, isErrorCode } from '@openseal/contract';

/**
 * A failed API call. `body` is the contract's error body when the server sent one; `status` 0 means
 * the server could not be reached. Callers branch on `status`/`code`, never on message text.
 */
export class ApiError extends Error {
  /** The body's code when it is one of the contract's (typed, so a misspelt comparison fails the type check). */
  readonly code: ErrorCode | null;

  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body ? `${body.code}: ${body.message}` : `HTTP ${status}`);
    this.name = 'ApiError';
    this.code = body && isErrorCode(body.code) ? body.code : null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string' &&
    'messageZh' in value &&
    typeof value.messageZh === 'string'
  );
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const parsed: unknown = await response.json().catch(() => null);
  return new ApiError(response.status, isErrorBody(parsed) ? parsed : null);
}
