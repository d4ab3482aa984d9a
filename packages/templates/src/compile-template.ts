import { DocumentCanvas } from './document-canvas.ts';
import { type CompiledElement, compileElement, type RenderContext } from './elements.ts';
import { drawFooter, FOOTER_HEIGHT_MM, footerQr, type PageGeometry } from './footer.ts';
import type { FlowPosition, PageBand } from './table-layout.ts';
import type { CompiledTemplate, CredentialTemplate, RenderedDocument, SealSlot } from './template-types.ts';
import { MM } from './units.ts';
import { validateTemplate } from './validate-template.ts';
import { drawWatermark } from './watermark.ts';

// pdfme's dynamic layout: a table that grows (or shrinks) moves everything positioned below it on
// the template by the same amount, onto further pages if need be. Elements beside a table keep
// their place. Layout runs in template order of `position.y`.

/** A point of the template (y, mm) and where it landed on the output. */
interface Anchor {
  templateY: number;
  at: FlowPosition;
}

/** A table pushed down starts on the next page when less than this is left (its head and a row). */
const MIN_FLOW_ROOM_MM = 10;

export function compileTemplate(template: CredentialTemplate): CompiledTemplate {
  validateTemplate(template);
  const { width, height, padding } = template.basePdf;
  const geometry: PageGeometry = { width, height, padding };
  const band: PageBand = { top: padding[0] * MM, bottom: (height - padding[2] - FOOTER_HEIGHT_MM) * MM };
  const pages: CompiledElement[][] = template.schemas.map((page) =>
    page
      .map((schema, index) => ({ schema, index }))
      .sort((a, b) => a.schema.position.y - b.schema.position.y || a.index - b.index)
      .map(({ schema }) => compileElement(schema)),
  );

  return {
    render(inputs, footer, meta = {}): RenderedDocument {
      const canvas = new DocumentCanvas(width * MM, height * MM);
      const sealSlots: SealSlot[] = [];
      const ctx: RenderContext = { canvas, inputs, band, sealSlots };
      for (const elements of pages) layoutPage(elements, ctx, canvas.pageCount);
      const pageCount = canvas.pageCount;
      if (footer) {
        const qr = footerQr(geometry, canvas.height, footer.qrText);
        for (let p = 0; p < pageCount; p++) drawFooter(canvas, geometry, footer, qr, p, pageCount);
      }
      if (meta.watermark) drawWatermark(canvas, meta.watermark, pageCount);
      return { pdf: canvas.toPdf(meta), pageCount, sealSlots };
    },
  };
}

function layoutPage(elements: readonly CompiledElement[], ctx: RenderContext, firstPage: number): void {
  ctx.canvas.draw(firstPage, '');
  const anchors: Anchor[] = [{ templateY: 0, at: { page: firstPage, top: 0 } }];
  for (const element of elements) {
    const { position, height } = element.schema;
    // The governing anchor is the lowest one at or above this element's top edge.
    let anchor = anchors[0]!;
    for (const a of anchors)
      if (a.templateY <= position.y + 1e-6 && a.templateY >= anchor.templateY) anchor = a;
    let at: FlowPosition = {
      page: anchor.at.page,
      top: anchor.at.top + (position.y - anchor.templateY) * MM,
    };
    const flows = element.schema.type === 'table';
    const needed = flows ? MIN_FLOW_ROOM_MM * MM : height * MM;
    if (anchor !== anchors[0] && at.top + needed > ctx.band.bottom) {
      // Pushed past the page's bottom by a table above: continue at the top of the next page.
      at = { page: at.page + 1, top: ctx.band.top };
      anchors.push({ templateY: position.y, at });
    }
    ctx.canvas.draw(at.page, ''); // the page exists even if the element draws nothing (a seal slot)
    const end = element.draw(ctx, at);
    if (end) anchors.push({ templateY: position.y + height, at: end });
  }
}
