import type { SealAppearanceSpec, SealImageType } from '@openseal/contract';
import { AppearanceError, appearanceSvg, buildSealAppearance, type SealSpec } from '@openseal/pdf-sign';
import { AppError, packageRefusal } from '../../errors.ts';

export interface StoredSealImage {
  bytes: Uint8Array;
  mediaType: SealImageType;
}

/** The engine's drawing input for a stored seal: the vector spec, or the image spec with its bytes. */
export function engineSpec(spec: SealAppearanceSpec, image: StoredSealImage | null): SealSpec {
  if (spec.kind !== 'image') return spec;
  if (!image) throw new AppError('ERR_SEAL_IMAGE_INVALID', 'the image seal has no stored image');
  return image.mediaType === 'image/png'
    ? { kind: 'image', widthMm: spec.widthMm, png: image.bytes }
    : { kind: 'image', widthMm: spec.widthMm, svg: Buffer.from(image.bytes).toString('utf8') };
}

/**
 * Draws the seal once, so a character missing from the seal font or an unreadable image is refused
 * when the seal is registered rather than at its first use. Returns the image to store, if any.
 */
export function checkSealAppearance(
  spec: SealAppearanceSpec,
  image: StoredSealImage | undefined,
): StoredSealImage | null {
  if ((spec.kind === 'image') !== (image !== undefined)) {
    throw new AppError(
      'ERR_VALIDATION',
      spec.kind === 'image' ? 'an image seal needs the uploaded image' : 'only an image seal takes an image',
      ['/image'],
    );
  }
  try {
    buildSealAppearance(engineSpec(spec, image ?? null));
  } catch (e) {
    if (!(e instanceof AppearanceError)) throw e;
    // A bad image has its own code; any other refusal points at the spec.
    throw packageRefusal(
      'sealAppearance',
      e,
      e.message,
      e.code === 'ERR_SEAL_IMAGE_INVALID' ? undefined : [`/spec ${e.code}`],
    );
  }
  return image ?? null;
}

/**
 * The seal's picture for the console: drawn seals as the SVG of the very paths that are stamped;
 * image seals as uploaded. Uploaded SVG is served under a sandboxing CSP by the route.
 */
export function sealPicture(
  spec: SealAppearanceSpec,
  image: StoredSealImage | null,
): { contentType: string; body: Uint8Array | string } {
  if (spec.kind === 'image') {
    if (!image) throw new AppError('ERR_SEAL_IMAGE_INVALID', 'the image seal has no stored image');
    return { contentType: image.mediaType, body: image.bytes };
  }
  return { contentType: 'image/svg+xml', body: appearanceSvg(buildSealAppearance(spec)) };
}
