import type { Appearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';
import { ContentBuilder } from './content-builder.ts';
import { type Box, normaliseBox, type PageRotation } from './placement.ts';

export interface CrossPageSlice {
  readonly pageIndex: number;
  /** Widget rectangle in the page's user space, flush with the edge the reader sees on the right. */
  readonly rect: Box;
  /** Already turned for the page's /Rotate: use it with no form /Matrix. */
  readonly appearance: Appearance;
}

export interface CrossPageOptions {
  /**
   * Vertical centre of the seal, in points above the bottom edge of the page as the reader sees it
   * (for an unrotated page with a CropBox at the origin, plain user-space y). Default: the middle.
   */
  readonly y?: number;
  /** Narrowest slice; with more pages than fit, the pages form groups that each carry a whole seal. Default 4. */
  readonly minSliceWidthPt?: number;
}

/**
 * The cross-page seal (骑缝章): page i shows slice i of the seal, flush with its right edge, so that
 * the fanned-out right edges of the pages together show the whole seal. One page shows the left half.
 */
export function crossPageSlices(
  app: Appearance,
  pages: readonly { cropBox: Box; rotate: PageRotation }[],
  opts: CrossPageOptions = {},
): CrossPageSlice[] {
  if (pages.length === 0)
    throw new AppearanceError('ERR_SEAL_PLACEMENT_INVALID', 'A cross-page seal needs pages.');
  const minSlice = opts.minSliceWidthPt ?? 4;
  if (!(minSlice > 0))
    throw new AppearanceError('ERR_SEAL_PLACEMENT_INVALID', 'minSliceWidthPt must be positive.');
  const perGroup = Math.max(1, Math.floor(app.width / minSlice));
  const groups = Math.ceil(pages.length / perGroup);
  // Spread pages evenly over the groups, so the last group is not left with a few very wide slices.
  const base = Math.floor(pages.length / groups);
  const larger = pages.length % groups;
  const slices: CrossPageSlice[] = [];
  let pageIndex = 0;
  for (let g = 0; g < groups; g++) {
    const count = base + (g < larger ? 1 : 0);
    const sliceWidth = count === 1 ? app.width / 2 : app.width / count;
    for (let j = 0; j < count; j++, pageIndex++) {
      const page = pages[pageIndex]!;
      slices.push(placeSlice(app, page.cropBox, page.rotate, j, sliceWidth, opts.y, pageIndex));
    }
  }
  return slices;
}

function placeSlice(
  app: Appearance,
  cropBox: Box,
  rotate: PageRotation,
  index: number,
  sliceWidth: number,
  y: number | undefined,
  pageIndex: number,
): CrossPageSlice {
  const [x0, y0, x1, y1] = normaliseBox(cropBox);
  const turned = rotate === 90 || rotate === 270;
  const shownWidth = turned ? y1 - y0 : x1 - x0;
  const shownHeight = turned ? x1 - x0 : y1 - y0;
  const h = app.height;
  if (h > shownHeight || sliceWidth > shownWidth) {
    throw new AppearanceError(
      'ERR_SEAL_PLACEMENT_INVALID',
      `The seal does not fit on page ${pageIndex + 1}.`,
    );
  }
  const centre = Math.min(Math.max(y ?? shownHeight / 2, h / 2), shownHeight - h / 2);
  // The slice in the reader's frame (u right, v up, origin at the shown bottom-left corner).
  const u0 = shownWidth - sliceWidth;
  const v0 = centre - h / 2;
  // Reader frame → user space for each /Rotate (the page is shown turned clockwise), and the form
  // matrix that draws the upright slice into the turned rectangle.
  let rect: Box;
  let turn: [number, number, number, number, number, number];
  switch (rotate) {
    case 0:
      rect = [x0 + u0, y0 + v0, x0 + u0 + sliceWidth, y0 + v0 + h];
      turn = [1, 0, 0, 1, 0, 0];
      break;
    case 90:
      rect = [x1 - v0 - h, y0 + u0, x1 - v0, y0 + u0 + sliceWidth];
      turn = [0, 1, -1, 0, h, 0];
      break;
    case 180:
      rect = [x1 - u0 - sliceWidth, y1 - v0 - h, x1 - u0, y1 - v0];
      turn = [-1, 0, 0, -1, sliceWidth, h];
      break;
    case 270:
      rect = [x0 + v0, y1 - u0 - sliceWidth, x0 + v0 + h, y1 - u0];
      turn = [0, -1, 1, 0, 0, sliceWidth];
      break;
    default:
      throw new AppearanceError(
        'ERR_SEAL_PLACEMENT_INVALID',
        `Page /Rotate must be 0, 90, 180 or 270, got ${rotate}.`,
      );
  }
  const content = new ContentBuilder()
    .op('q', ...turn, 'cm')
    // ISO 32000-2 8.5.4: clip to the slice, then shift the whole seal so its slice `index` shows.
    .op(0, 0, sliceWidth, h, 're', 'W', 'n')
    .op(1, 0, 0, 1, -index * sliceWidth, 0, 'cm')
    .raw(Buffer.from(app.content).toString('latin1'))
    .op('Q')
    .toBytes();
  return {
    pageIndex,
    rect: rect.map((n) => Math.round(n * 1000) / 1000 + 0) as Box, // + 0 turns -0 into 0
    appearance: {
      width: turned ? h : sliceWidth,
      height: turned ? sliceWidth : h,
      content,
      resources: app.resources,
    },
  };
}
