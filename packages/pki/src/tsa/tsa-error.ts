import { PkiError } from '../errors.ts';

export function tsaFailed(message: string, cause?: unknown): PkiError {
  return new PkiError('ERR_TSA_FAILED', message, cause === undefined ? undefined : { cause });
}
