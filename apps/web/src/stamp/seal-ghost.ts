import type { Seal } from '@openseal/contract';
import { sealImageUrl } from '../seals/seal-image.tsx';
import { PT_PER_MM, sealSizeMm } from '../seals/seal-size.ts';
import type { SealGhost } from './pdf-page-preview.tsx';

/** The seal as it will print on a page: its size in points and its picture, for click-to-place. */
export function sealGhost(seal: Pick<Seal, 'id' | 'spec'>): SealGhost {
  const size = sealSizeMm(seal.spec);
  return {
    widthPt: size.width * PT_PER_MM,
    heightPt: seal.spec.kind === 'image' ? null : size.height * PT_PER_MM,
    imageUrl: sealImageUrl(seal.id),
    shape: seal.spec.kind === 'square' || seal.spec.kind === 'image' ? 'rect' : 'ellipse',
  };
}
