import { OpenSealError } from '@openseal/common';
import {
  apiCodeFor,
  ERROR_CODES,
  type ErrorCode,
  type PackageErrorCode,
  type PackageErrorStep,
} from '@openseal/contract';

/** The server's one error type: a contract code, an English detail for logs, optional field details. */
export class AppError extends OpenSealError<ErrorCode> {
  /** The HTTP status the contract's table gives the code. */
  readonly status: number;
  constructor(
    code: ErrorCode,
    message?: string,
    details?: readonly string[],
    /** For refusals that lift by themselves: the message's {wait} in words, and Retry-After. */
    readonly retryAfterMs?: number,
  ) {
    super(code, message ?? ERROR_CODES[code].en, details ? { details } : {});
    this.status = ERROR_CODES[code].status;
  }
}

/** A refusal that lifts after `retryAfterMs` (a lockout, a rate limit). */
export function retryLater(code: ErrorCode, retryAfterMs: number): AppError {
  return new AppError(code, undefined, undefined, retryAfterMs);
}

/**
 * A package's refusal met during `step`, as the API error the contract's package-error table names
 * for it. `message` (for logs) defaults to the package's; `details` are shown to the caller.
 */
export function packageRefusal<S extends PackageErrorStep>(
  step: S,
  error: OpenSealError<PackageErrorCode<S>>,
  message: string = error.message,
  details?: readonly string[],
): AppError {
  return new AppError(apiCodeFor(step, error.code), message, details);
}
