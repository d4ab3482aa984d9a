// Where the seal goes: the widget(s) of the signature field for a placement (ISO 32000-2 12.5.6.19).

import { appearanceStream, buildSealAppearance } from '../appearance/appearance.ts';
import { crossPageSlices } from '../appearance/cross-page.ts';
import { locateKeyword } from '../appearance/keyword-locate.ts';
import { widgetRect } from '../appearance/placement.ts';
import type { PdfDocument } from '../core/document.ts';
import type { PageInfo } from '../core/page-tree.ts';
import { SignError } from './sign-error.ts';
import type { SignOptions } from './sign-options.ts';
import type { WidgetSpec } from './signature-field.ts';

export async function sealWidgets(doc: PdfDocument, options: SignOptions): Promise<WidgetSpec[]> {
  const pages = doc.pages();
  const placement = options.placement ?? { kind: 'invisible' };
  const page = (index: number): PageInfo => {
    const p = pages[index];
    if (!p) {
      throw new SignError(
        'ERR_SIGN_PAGE_OUT_OF_RANGE',
        `page ${index + 1} does not exist: the document has ${pages.length} page(s)`,
      );
    }
    return p;
  };
  if (!options.seal || placement.kind === 'invisible') return [{ page: page(0), rect: [0, 0, 0, 0] }];

  const app = buildSealAppearance(options.seal);
  const at = (p: PageInfo, x: number, y: number): WidgetSpec => {
    const { rect, matrix } = widgetRect(app, p, { x, y });
    return { page: p, rect, appearance: appearanceStream(app, matrix) };
  };
  switch (placement.kind) {
    case 'page': {
      if (!Number.isInteger(placement.page))
        throw new SignError('ERR_SIGN_OPTIONS', 'placement.page must be an integer');
      if (!Number.isFinite(placement.x) || !Number.isFinite(placement.y)) {
        throw new SignError('ERR_SIGN_OPTIONS', 'placement x and y must be finite numbers');
      }
      return [at(page(placement.page - 1), placement.x, placement.y)];
    }
    case 'keyword': {
      const hit = await locateKeyword(doc.bytes, placement.keyword, placement.occurrence);
      if (!hit) {
        throw new SignError(
          'ERR_SIGN_KEYWORD_NOT_FOUND',
          `the text "${placement.keyword}" does not occur in the document`,
        );
      }
      // The seal is centred on the keyword, as a stamp is pressed over "盖章处".
      return [at(page(hit.pageIndex), hit.x, hit.y)];
    }
    case 'cross-page':
      return crossPageSlices(app, pages, { y: placement.y }).map((s) => ({
        page: page(s.pageIndex),
        rect: s.rect,
        appearance: appearanceStream(s.appearance),
      }));
    default:
      throw new SignError('ERR_SIGN_OPTIONS', `unknown placement ${JSON.stringify(placement)}`);
  }
}
