import { ERROR_CODES, type ErrorCode } from '@openseal/contract';

/** The server's one error type: a contract code, an English detail for logs, optional field details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: readonly string[],
    /** For refusals that lift by themselves: the message's {wait} in words, and Retry-After. */
    readonly retryAfterMs?: number,
  ) {
    super(message ?? ERROR_CODES[code].en);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

/** A refusal that lifts after `retryAfterMs` (a lockout, a rate limit). */
export function retryLater(code: ErrorCode, retryAfterMs: number): AppError {
  return new AppError(code, undefined, undefined, retryAfterMs);
}
