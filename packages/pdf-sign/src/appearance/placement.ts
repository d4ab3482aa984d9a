import type { Appearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';

export type Box = [number, number, number, number];
export type PageRotation = 0 | 90 | 180 | 270;
export type FormMatrix = [number, number, number, number, number, number];

export interface PagePlacement {
  readonly pageIndex: number;
  /** Centre of the seal in PDF user space points (origin bottom-left of the MediaBox), before /Rotate. */
  readonly x: number;
  readonly y: number;
}

export interface PageGeometry {
  readonly mediaBox: Box;
  readonly cropBox: Box;
  readonly rotate: PageRotation;
}

/**
 * The form /Matrix that turns an upright appearance so it reads upright on a page shown with /Rotate
 * (ISO 32000-2 7.7.3.3: the page is turned clockwise; the form is turned counter-clockwise to match).
 */
export function rotationMatrix(rotate: PageRotation): FormMatrix | undefined {
  switch (rotate) {
    case 0:
      return undefined;
    case 90:
      return [0, 1, -1, 0, 0, 0];
    case 180:
      return [-1, 0, 0, -1, 0, 0];
    case 270:
      return [0, -1, 1, 0, 0, 0];
    default:
      throw new AppearanceError(
        'ERR_SEAL_PLACEMENT_INVALID',
        `Page /Rotate must be 0, 90, 180 or 270, got ${rotate}.`,
      );
  }
}

/** Normalised [x1,y1,x2,y2] with x1 < x2, y1 < y2 (boxes in files may be given in any corner order). */
export function normaliseBox(b: readonly number[]): Box {
  const [a = 0, c = 0, d = 0, e = 0] = b;
  return [Math.min(a, d), Math.min(c, e), Math.max(a, d), Math.max(c, e)];
}

/** The visible region: the CropBox clipped to the MediaBox (ISO 32000-2 14.11.2). */
export function visibleBox(page: PageGeometry): Box {
  const m = normaliseBox(page.mediaBox);
  const c = normaliseBox(page.cropBox);
  const box: Box = [Math.max(m[0], c[0]), Math.max(m[1], c[1]), Math.min(m[2], c[2]), Math.min(m[3], c[3])];
  if (box[2] <= box[0] || box[3] <= box[1]) {
    throw new AppearanceError(
      'ERR_SEAL_PLACEMENT_INVALID',
      'The page CropBox does not overlap its MediaBox.',
    );
  }
  return box;
}

/**
 * Widget rectangle for `app` centred at `at`, shifted (never scaled) to stay inside the visible page.
 * On rotated pages the rectangle has the seal's turned footprint and `matrix` is the form /Matrix to use.
 */
export function widgetRect(
  app: Appearance,
  page: PageGeometry,
  at: { x: number; y: number },
): { rect: Box; matrix?: FormMatrix } {
  const matrix = rotationMatrix(page.rotate);
  const turned = page.rotate === 90 || page.rotate === 270;
  const w = turned ? app.height : app.width;
  const h = turned ? app.width : app.height;
  const [x0, y0, x1, y1] = visibleBox(page);
  if (w > x1 - x0 + 1e-6 || h > y1 - y0 + 1e-6) {
    throw new AppearanceError('ERR_SEAL_PLACEMENT_INVALID', 'The seal is larger than the visible page.');
  }
  if (!Number.isFinite(at.x) || !Number.isFinite(at.y)) {
    throw new AppearanceError('ERR_SEAL_PLACEMENT_INVALID', 'The seal position must be finite numbers.');
  }
  const left = clamp(at.x - w / 2, x0, x1 - w);
  const bottom = clamp(at.y - h / 2, y0, y1 - h);
  const rect: Box = [round3(left), round3(bottom), round3(left + w), round3(bottom + h)];
  return matrix ? { rect, matrix } : { rect };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
const round3 = (n: number): number => Math.round(n * 1000) / 1000 + 0; // + 0 turns -0 into 0
