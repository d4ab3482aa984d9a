import type { FontFace, FontName } from './font-faces.ts';
import { writeFont } from './font-objects.ts';
import { FontSubset } from './font-subset.ts';
import { type PreparedImage, SMASK_REF } from './images.ts';
import { num, PdfWriter, pdfTextString } from './pdf-writer.ts';
import type { RenderMeta } from './template-types.ts';

// The pages of one document being rendered: content operators per page plus the resources they
// use (font subsets, images, opacity states), written out as one PDF at the end.

const FONT_RESOURCES: Record<FontName, string> = { NotoSerifSC: '/F1', 'NotoSerifSC-Bold': '/F2' };

export class DocumentCanvas {
  /** Page size, PDF points. */
  readonly width: number;
  readonly height: number;
  private readonly pages: string[][] = [];
  private readonly subsets = new Map<FontName, FontSubset>();
  private readonly images = new Map<PreparedImage, string>();
  private readonly opacities = new Map<number, string>();

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Appends operators to a page (0-based), creating pages up to it. */
  draw(page: number, ops: string): void {
    while (this.pages.length <= page) this.pages.push([]);
    if (ops) this.pages[page]!.push(ops);
  }

  font(face: FontFace): { subset: FontSubset; resource: string } {
    let subset = this.subsets.get(face.name);
    if (!subset) {
      subset = new FontSubset(face);
      this.subsets.set(face.name, subset);
    }
    return { subset, resource: FONT_RESOURCES[face.name] };
  }

  image(image: PreparedImage): string {
    let name = this.images.get(image);
    if (!name) {
      name = `/Im${this.images.size}`;
      this.images.set(image, name);
    }
    return name;
  }

  /** An ExtGState resource for a constant fill and stroke alpha (ISO 32000-2 11.6.4.4). */
  opacity(alpha: number): string {
    let name = this.opacities.get(alpha);
    if (!name) {
      name = `/GS${this.opacities.size}`;
      this.opacities.set(alpha, name);
    }
    return name;
  }

  toPdf(meta: RenderMeta): Uint8Array {
    const pdf = new PdfWriter();
    const catalog = pdf.allocate();
    const pagesId = pdf.allocate();
    const info = pdf.allocate();
    const resources = pdf.allocate();
    const pageIds = this.pages.map(() => pdf.allocate());

    let fonts = '';
    for (const [name, subset] of this.subsets) {
      if (subset.used) fonts += `${FONT_RESOURCES[name]} ${writeFont(pdf, subset.face, subset.build())} 0 R`;
    }
    let xobjects = '';
    for (const [image, name] of this.images) {
      const id = pdf.allocate();
      let dict = image.image.dict;
      if (image.smask) {
        const smask = pdf.allocate();
        pdf.stream(smask, image.smask);
        dict = dict.replace(SMASK_REF, String(smask));
      }
      pdf.stream(id, { dict, data: image.image.data });
      xobjects += `${name} ${id} 0 R`;
    }
    let states = '';
    for (const [alpha, name] of this.opacities) states += `${name}<</ca ${num(alpha)}/CA ${num(alpha)}>>`;
    pdf.object(
      resources,
      `<</ProcSet[/PDF/Text/ImageB/ImageC]${fonts ? `/Font<<${fonts}>>` : ''}${xobjects ? `/XObject<<${xobjects}>>` : ''}${states ? `/ExtGState<<${states}>>` : ''}>>`,
    );

    const box = `[0 0 ${num(this.width)} ${num(this.height)}]`;
    this.pages.forEach((ops, i) => {
      const content = pdf.allocate();
      pdf.flateStream(content, '', Buffer.from(ops.join(''), 'latin1'));
      pdf.object(
        pageIds[i]!,
        `<</Type/Page/Parent ${pagesId} 0 R/MediaBox${box}/Resources ${resources} 0 R/Contents ${content} 0 R>>`,
      );
    });
    pdf.object(
      pagesId,
      `<</Type/Pages/Kids[${pageIds.map((id) => `${id} 0 R`).join(' ')}]/Count ${pageIds.length}>>`,
    );
    const title = meta.title ? `/Title${pdfTextString(meta.title)}` : '';
    pdf.object(info, `<</Producer(OpenSeal)${title}>>`);
    pdf.object(
      catalog,
      `<</Type/Catalog/Pages ${pagesId} 0 R/Lang${pdfTextString(meta.lang ?? 'zh-CN')}${title ? '/ViewerPreferences<</DisplayDocTitle true>>' : ''}>>`,
    );
    return pdf.finish(catalog, info);
  }
}
