import { PkiError } from '../errors.ts';

export function ocspFailed(message: string, cause?: unknown): PkiError {
  return new PkiError('ERR_OCSP_FAILED', message, cause === undefined ? undefined : { cause });
}
