import type { SealAppearanceSpec } from '@openseal/contract';

/** 1 mm in PDF points (1 pt = 1/72 in). */
export const PT_PER_MM = 72 / 25.4;

/**
 * The printed size of a seal in millimetres, as the server's appearance engine draws it: the 42 mm
 * round seal of GA 241-2000, the 45 × 30 mm oval, the 20 mm square name seal, or an image at its
 * width with the picture's own aspect ratio (`aspect` = height / width, 1 until the picture is known).
 */
export function sealSizeMm(spec: SealAppearanceSpec, aspect = 1): { width: number; height: number } {
  switch (spec.kind) {
    case 'round':
      return { width: 42, height: 42 };
    case 'oval':
      return { width: 45, height: 30 };
    case 'square':
      return { width: 20, height: 20 };
    case 'image':
      return { width: spec.widthMm, height: spec.widthMm * aspect };
  }
}
