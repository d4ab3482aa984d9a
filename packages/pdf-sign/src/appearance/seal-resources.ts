import { PdfDict, PdfName } from '../core/objects.ts';

/**
 * Resources of a vector seal: one graphics state with the Multiply blend mode (ISO 32000-2 11.3.5),
 * so text under the seal stays readable, as with ink on paper. Content selects it as /GS0.
 */
export function sealResources(xObjects?: PdfDict): PdfDict {
  const gs = new PdfDict([
    ['Type', PdfName.of('ExtGState')],
    ['BM', PdfName.of('Multiply')],
  ]);
  const resources = new PdfDict([['ExtGState', new PdfDict([['GS0', gs]])]]);
  if (xObjects) resources.set('XObject', xObjects);
  return resources;
}
