import { MAX_SIGNATURE_IMAGE_BYTES, type SignatureAppearance } from '@openseal/contract';
import type { SealSpec } from '@openseal/pdf-sign';
import { AppError } from '../../errors.ts';

/** A person's mark on the page: their name written, their name as a 人名章, or their drawn signature. */
export function signatureAppearance(a: SignatureAppearance, name: string): SealSpec {
  if (a.kind === 'typed') return { kind: 'name', name };
  if (a.kind === 'name-seal') return { kind: 'square', personName: name };
  const png = new Uint8Array(Buffer.from(a.png, 'base64'));
  if (png.length > MAX_SIGNATURE_IMAGE_BYTES)
    throw new AppError('ERR_VALIDATION', 'the drawn signature is too large', [
      'appearance.png: 300 KB at most',
    ]);
  return { kind: 'image', png, widthMm: 40 };
}
