import { ERROR_CODES, type ErrorCode } from '@openseal/contract';

/** The server's one error type: a contract code, an English detail for logs, optional field details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: readonly string[],
  ) {
    super(message ?? ERROR_CODES[code].en);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}
