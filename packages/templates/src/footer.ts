import type { DocumentCanvas } from './document-canvas.ts';
import { fontFace } from './font-faces.ts';
import { type QrErrorLevel, qrModuleCount, qrOps } from './qr.ts';
import type { VerificationFooter } from './template-types.ts';
import { placeLines, type ResolvedTextStyle, textOps, wrapText } from './text-layout.ts';
import { MM } from './units.ts';

/** The band at the bottom of every page (inside the padding) reserved for the verification footer. */
export const FOOTER_HEIGHT_MM = 25;
const QR_MM = 22;
/**
 * Light margin between the QR code and the footer text or the content above it (the QR quiet zone
 * is 4 modules ≈ 2.7 mm).
 */
const GAP_MM = 3;
/**
 * The smallest module that zbar still decodes from a 90 dpi render of the page (measured: 0.61 mm
 * fails at 100 dpi, 0.65 mm reads at 90), so a phone photo or a coarse scan of a print reads too.
 */
const MIN_MODULE_MM = 0.64;

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
  return qrOps(qrText, left, top, QR_MM * MM, footerQrLevel(qrText));
}

// In byte mode the symbol size depends only on the byte length: one choice per length.
const levelByLength = new Map<number, QrErrorLevel>();

/** The strongest error correction whose modules stay at least MIN_MODULE_MM wide in the footer square. */
export function footerQrLevel(qrText: string): QrErrorLevel {
  const length = Buffer.byteLength(qrText, 'utf8');
  let level = levelByLength.get(length);
  if (!level) {
    const fits = (l: QrErrorLevel) => QR_MM / qrModuleCount(qrText, l) >= MIN_MODULE_MM;
    level = (['Q', 'M'] as const).find(fits) ?? 'L';
    levelByLength.set(length, level);
  }
  return level;
}
