// The checks of SignOptions every signature makes before the document is read: a refused option costs
// nothing and changes nothing.

import type { SigningKeyType } from '@openseal/pki';
import { SignError } from './sign-error.ts';
import type { PadesLevel, PrepareSignatureOptions, SignOptions } from './sign-options.ts';

export const LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export function checkLevel(level: PadesLevel): void {
  if (!LEVELS.includes(level))
    throw new SignError('ERR_SIGN_OPTIONS', `unknown PAdES level ${String(level)}`);
}

/** What a level needs besides the signature: a timestamper from B-T, revocation data from B-LT. */
export function checkLevelSources(
  level: PadesLevel,
  o: Pick<SignOptions, 'timestamper' | 'revocation'>,
): void {
  checkLevel(level);
  if (level !== 'B-B' && !o.timestamper) {
    throw new SignError('ERR_SIGN_OPTIONS', `level ${level} needs a timestamper`);
  }
  if ((level === 'B-LT' || level === 'B-LTA') && !o.revocation) {
    throw new SignError('ERR_SIGN_OPTIONS', `level ${level} needs a revocation source`);
  }
}

export function checkSignOptions(level: PadesLevel, o: SignOptions, keyType: SigningKeyType): void {
  checkLevelSources(level, o);
  checkDocumentOptions(o, keyType);
}

/** The options that shape the signature's revision and CMS, whatever signs it. */
export function checkDocumentOptions(o: PrepareSignatureOptions, keyType: SigningKeyType): void {
  const fail = (msg: string) => {
    throw new SignError('ERR_SIGN_OPTIONS', msg);
  };
  if (o.certify !== undefined && ![1, 2, 3].includes(o.certify)) fail('certify must be 1, 2 or 3');
  if (o.cmsForm !== undefined && o.cmsForm !== 'standard' && o.cmsForm !== 'gmt0010')
    fail(`unknown cmsForm ${String(o.cmsForm)}`);
  if (o.cmsForm === 'gmt0010' && keyType !== 'sm2')
    fail(`the GM/T 0010 CMS form needs an SM2 signer, not ${keyType}`);
  if (
    o.contentsSize !== undefined &&
    !(Number.isInteger(o.contentsSize) && o.contentsSize > 0 && o.contentsSize <= 1 << 20)
  ) {
    fail('contentsSize must be a positive integer of at most 1 MiB');
  }
  if (o.fieldName !== undefined && (o.fieldName === '' || o.fieldName.includes('.'))) {
    fail('fieldName must be non-empty and contain no period (ISO 32000-2 12.7.4.2)');
  }
}
