// Where the seal goes: the widget(s) of the signature field for a placement (ISO 32000-2 12.5.6.19).

import { appearanceStream, buildSealAppearance } from '../appearance/appearance.ts';
import { composeAppearances } from '../appearance/composite.ts';
import { crossPageSlices } from '../appearance/cross-page.ts';
import { locateKeyword } from '../appearance/keyword-locate.ts';
import { widgetRect } from '../appearance/placement.ts';
import type { PdfDocument } from '../core/document.ts';
import type { PageInfo } from '../core/page-tree.ts';
import { SignError } from './sign-error.ts';
import type { SignOptions } from './sign-options.ts';
import type { WidgetSpec } from './signature-field.ts';

/**
 * The signature's widgets: where `placement` puts `seal`, with `marks` drawn in the same widget (one
 * box spanning the seal and each mark) when they share its upright page, else each in a widget of
 * its own.
 */
export async function sealWidgets(doc: PdfDocument, options: SignOptions): Promise<WidgetSpec[]> {
  const placed = await placedWidgets(doc, options);
  if (!options.marks?.length) return placed;
  const [main, ...others] = placed;
  if (!main || !options.seal || main.rect.every((n) => n === 0))
    throw new SignError('ERR_SIGN_OPTIONS', 'marks need a visible seal beside them');
  const pages = doc.pages();
  const marks = options.marks.map((m) => {
    const page = pages[m.page - 1];
    if (!page) {
      throw new SignError(
        'ERR_SIGN_PAGE_OUT_OF_RANGE',
        `page ${m.page} does not exist: the document has ${pages.length} page(s)`,
      );
    }
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y))
      throw new SignError('ERR_SIGN_OPTIONS', 'a mark needs finite x and y');
    return { page, placed: { app: buildSealAppearance(m.seal), x: m.x, y: m.y } };
  });
  const sealApp = buildSealAppearance(options.seal);
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = main.rect;
  const together =
    others.length === 0 && main.page.rotate === 0 && marks.every((m) => m.page === main.page)
      ? composeAppearances([
          { app: sealApp, x: (x0 + x1) / 2, y: (y0 + y1) / 2 },
          ...marks.map((m) => m.placed),
        ])
      : null;
  if (together) {
    const { rect } = widgetRect(together.app, main.page, together);
    return [{ page: main.page, rect, appearance: appearanceStream(together.app) }];
  }
  return [
    ...placed,
    ...marks.map(({ page, placed: m }) => {
      const { rect, matrix } = widgetRect(m.app, page, m);
      return { page, rect, appearance: appearanceStream(m.app, matrix) };
    }),
  ];
}

async function placedWidgets(doc: PdfDocument, options: SignOptions): Promise<WidgetSpec[]> {
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
