// Visible seals: appearance drawing, placement on pages, keyword search and cross-page seals.
export { type Appearance, appearanceStream, buildSealAppearance } from './appearance.ts';
export { AppearanceError, type AppearanceErrorCode } from './appearance-error.ts';
export { appearanceSvg } from './appearance-svg.ts';
export { type CrossPageOptions, type CrossPageSlice, crossPageSlices } from './cross-page.ts';
export { type KeywordLocation, locateKeyword } from './keyword-locate.ts';
export {
  type Box,
  type FormMatrix,
  type PageGeometry,
  type PagePlacement,
  type PageRotation,
  widgetRect,
} from './placement.ts';
export { type RgbColor, SEAL_RED, type SealSpec } from './seal-spec.ts';
