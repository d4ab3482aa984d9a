import type { DocumentCanvas } from './document-canvas.ts';
import { fontFace } from './font-faces.ts';
import { qrOps } from './qr.ts';
import type { VerificationFooter } from './template-types.ts';
import { placeLines, type ResolvedTextStyle, textOps, wrapText } from './text-layout.ts';
import { MM } from './units.ts';

/** The band at the bottom of every page (inside the padding) reserved for the verification footer. */
export const FOOTER_HEIGHT_MM = 20;
const QR_MM = 18;
/** Light margin between the QR code and the footer text (the QR quiet zone is 4 modules ≈ 2 mm). */
const GAP_MM = 3;

const FOOTER_STYLE: Omit<ResolvedTextStyle, 'face'> = {
  size: 7.5,
  lineHeight: 1.3,
  characterSpacing: 0,
  color: '0.25 0.25 0.25',
  alignment: 'right',
  verticalAlignment: 'bottom',
};

/** Page geometry in mm: page size and padding [top, right, bottom, left]. */
export interface PageGeometry {
  width: number;
  height: number;
  padding: readonly [number, number, number, number];
}

/** Draws the QR code of `qrText` and the verification lines on one page (0-based). */
export function drawFooter(
  canvas: DocumentCanvas,
  geometry: PageGeometry,
  footer: VerificationFooter,
  qr: string,
  page: number,
  pageCount: number,
): void {
  const [, right, bottom, left] = geometry.padding;
  const style: ResolvedTextStyle = { face: fontFace('NotoSerifSC'), ...FOOTER_STYLE };
  const bandTop = (geometry.height - bottom - FOOTER_HEIGHT_MM) * MM;
  const textLeft = left * MM;
  const textWidth = (geometry.width - right - QR_MM - GAP_MM - left) * MM;
  const text = [
    `验证码 Verification code: ${footer.code}`,
    `核验网址 Verify at: ${footer.url}`,
    `第 ${page + 1} 页 / 共 ${pageCount} 页  Page ${page + 1} of ${pageCount}`,
  ].join('\n');
  const block = placeLines(wrapText(text, style, textWidth), style, textWidth, FOOTER_HEIGHT_MM * MM);
  const { subset, resource } = canvas.font(style.face);
  canvas.draw(page, textOps(block, textLeft, canvas.height - bandTop, subset, resource) + qr);
}

/** The footer QR code's operators (identical on every page of a document). */
export function footerQr(geometry: PageGeometry, pageHeight: number, qrText: string): string {
  const [, right, bottom] = geometry.padding;
  const left = (geometry.width - right - QR_MM) * MM;
  const top = pageHeight - (geometry.height - bottom - QR_MM) * MM;
  return qrOps(qrText, left, top, QR_MM * MM, 'M');
}
