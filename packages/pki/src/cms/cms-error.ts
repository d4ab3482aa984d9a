import { PkiError } from '../errors.ts';

export function cmsInvalid(message: string, cause?: unknown): PkiError {
  return new PkiError('ERR_CMS_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Runs a parse step; DER and certificate errors become ERR_CMS_INVALID naming `what`. */
export function parsing<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof PkiError && e.code === 'ERR_CMS_INVALID') throw e;
    throw cmsInvalid(`${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
