import { SEAL_WARNINGS, type SealWarning } from '@openseal/contract';

const isSealWarning = (code: string): code is SealWarning => Object.hasOwn(SEAL_WARNINGS, code);

/** The known warnings of a sealing answer's `x-seal-warning` header (comma-separated codes). */
export function sealWarningsOf(headers: Headers): SealWarning[] {
  const raw = headers.get('x-seal-warning') ?? '';
  return raw
    .split(',')
    .map((code) => code.trim())
    .filter(isSealWarning);
}
