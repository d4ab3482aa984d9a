import type { DocumentCanvas } from './document-canvas.ts';
import { num, rgb } from './pdf-writer.ts';
import { TemplateError } from './template-error.ts';
import type { BoxDimension, CellStyle, TableSchema } from './template-types.ts';
import {
  placeLines,
  type ResolvedTextStyle,
  textHeight,
  textOps,
  type WrappedLine,
  wrapText,
} from './text-layout.ts';
import { resolveTextStyle } from './text-style.ts';
import { MM } from './units.ts';

// pdfme-style tables: a head row and body rows of wrapped cells. Rows that do not fit above the
// page's bottom limit continue on a new page at the top padding, with the head repeated.

interface ResolvedCellStyle {
  text: ResolvedTextStyle;
  /** pt */
  padding: BoxDimension;
  /** pt */
  border: BoxDimension;
  borderColor: string | undefined;
  background: string | undefined;
}

/** Where the table may draw on each page, pt from the page's top edge. */
export interface PageBand {
  top: number;
  bottom: number;
}

/** A position on the output: 0-based page and distance from the page's top edge, pt. */
export interface FlowPosition {
  page: number;
  top: number;
}

const WRAP_CACHE_LIMIT = 20_000;
const ZERO: BoxDimension = { top: 0, right: 0, bottom: 0, left: 0 };
const DEFAULT_PADDING: BoxDimension = { top: 1.5, right: 1.5, bottom: 1.5, left: 1.5 };
const DEFAULT_BORDER: BoxDimension = { top: 0.1, right: 0.1, bottom: 0.1, left: 0.1 };

function scaleBox(b: BoxDimension): BoxDimension {
  return { top: b.top * MM, right: b.right * MM, bottom: b.bottom * MM, left: b.left * MM };
}

function resolveCell(style: CellStyle | undefined, defaults: { border: BoxDimension }): ResolvedCellStyle {
  return {
    text: resolveTextStyle({ fontSize: 10, verticalAlignment: 'middle', ...style }),
    padding: scaleBox(style?.padding ?? DEFAULT_PADDING),
    border: scaleBox(style?.borderWidth ?? defaults.border),
    borderColor: rgb(style?.borderColor ?? '#000000'),
    background: rgb(style?.backgroundColor),
  };
}

interface LaidRow {
  cells: WrappedLine[][];
  height: number;
  styles: ResolvedCellStyle[];
}

export class CompiledTable {
  readonly name: string;
  private readonly left: number;
  private readonly columns: number[];
  private readonly head: LaidRow | undefined;
  private readonly body: ResolvedCellStyle;
  private readonly bodyColumns: ResolvedCellStyle[];
  private readonly alternateColumns: ResolvedCellStyle[] | undefined;
  private readonly outline: { width: number; color: string } | undefined;
  /** Wrapped body cells by column and text: course names, credits and grades repeat across a batch. */
  private readonly wrapCache = new Map<string, WrappedLine[]>();

  constructor(schema: TableSchema) {
    this.name = schema.name;
    this.left = schema.position.x * MM;
    const width = schema.width * MM;
    this.columns = schema.headWidthPercentages.map((p) => (width * p) / 100);
    this.body = resolveCell(schema.bodyStyles, { border: DEFAULT_BORDER });
    const alignments = schema.columnStyles?.alignment ?? {};
    this.bodyColumns = this.columns.map((_, c) => {
      const alignment = alignments[c];
      return alignment ? { ...this.body, text: { ...this.body.text, alignment } } : this.body;
    });
    const alternateColor = rgb(schema.bodyStyles?.alternateBackgroundColor);
    this.alternateColumns = alternateColor
      ? this.bodyColumns.map((s) => ({ ...s, background: alternateColor }))
      : undefined;
    if (schema.showHead !== false) {
      const headStyle = resolveCell(schema.headStyles, { border: ZERO });
      this.head = this.layRow(
        schema.head,
        this.columns.map(() => headStyle),
      );
    }
    const outlineWidth = (schema.tableStyles?.borderWidth ?? 0) * MM;
    this.outline =
      outlineWidth > 0
        ? { width: outlineWidth, color: rgb(schema.tableStyles?.borderColor ?? '#000000')! }
        : undefined;
  }

  /** Draws the head and the rows from `start`, adding pages as needed; returns where the table ends. */
  render(
    rows: readonly (readonly string[])[],
    canvas: DocumentCanvas,
    start: FlowPosition,
    band: PageBand,
  ): FlowPosition {
    let page = start.page;
    let top = start.top;
    let segmentTop = top;
    const finishSegment = (): void => {
      if (this.outline && top > segmentTop) canvas.draw(page, this.outlineOps(canvas, segmentTop, top));
    };
    if (this.head) top = this.drawRow(this.head, canvas, page, top);
    let rowsOnPage = 0;
    rows.forEach((cells, r) => {
      if (cells.length !== this.columns.length) {
        throw new TemplateError(
          'ERR_TEMPLATE_INPUT',
          `Table "${this.name}" row ${r + 1} has ${cells.length} cells; the table has ${this.columns.length} columns.`,
        );
      }
      // Every second row (the 2nd, 4th, ...) takes the alternate background.
      const styles = this.alternateColumns && r % 2 === 1 ? this.alternateColumns : this.bodyColumns;
      const row = this.layRow(cells, styles, this.wrapCache);
      if (top + row.height > band.bottom && rowsOnPage > 0) {
        finishSegment();
        page++;
        top = segmentTop = band.top;
        rowsOnPage = 0;
        if (this.head) top = this.drawRow(this.head, canvas, page, top);
      }
      top = this.drawRow(row, canvas, page, top);
      rowsOnPage++;
    });
    finishSegment();
    return { page, top };
  }

  private layRow(
    cells: readonly string[],
    styles: ResolvedCellStyle[],
    cache?: Map<string, WrappedLine[]>,
  ): LaidRow {
    let height = 0;
    const wrapped = cells.map((text, c) => {
      const s = styles[c]!;
      const key = `${c}\u0000${text}`;
      let lines = cache?.get(key);
      if (!lines) {
        lines = wrapText(text, s.text, this.columns[c]! - s.padding.left - s.padding.right);
        if (cache) {
          if (cache.size >= WRAP_CACHE_LIMIT) cache.clear();
          cache.set(key, lines);
        }
      }
      height = Math.max(height, textHeight(lines.length, s.text) + s.padding.top + s.padding.bottom);
      return lines;
    });
    return { cells: wrapped, height, styles };
  }

  /** Draws one row with its top edge at `top` (pt from the page top); returns the row's bottom. */
  private drawRow(row: LaidRow, canvas: DocumentCanvas, page: number, top: number): number {
    const yTop = canvas.height - top;
    const yBottom = yTop - row.height;
    let x = this.left;
    let fills = '';
    let text = '';
    row.cells.forEach((lines, c) => {
      const s = row.styles[c]!;
      const w = this.columns[c]!;
      if (s.background)
        fills += `${s.background} rg ${num(x)} ${num(yBottom)} ${num(w)} ${num(row.height)} re f\n`;
      const b = s.border;
      if (s.borderColor && (b.top || b.right || b.bottom || b.left)) {
        fills += `${s.borderColor} rg`;
        if (b.top) fills += ` ${num(x)} ${num(yTop - b.top)} ${num(w)} ${num(b.top)} re`;
        if (b.bottom) fills += ` ${num(x)} ${num(yBottom)} ${num(w)} ${num(b.bottom)} re`;
        if (b.left) fills += ` ${num(x)} ${num(yBottom)} ${num(b.left)} ${num(row.height)} re`;
        if (b.right)
          fills += ` ${num(x + w - b.right)} ${num(yBottom)} ${num(b.right)} ${num(row.height)} re`;
        fills += ' f\n';
      }
      const innerW = w - s.padding.left - s.padding.right;
      const innerH = row.height - s.padding.top - s.padding.bottom;
      const { subset, resource } = canvas.font(s.text.face);
      text += textOps(
        placeLines(lines, s.text, innerW, innerH),
        x + s.padding.left,
        yTop - s.padding.top,
        subset,
        resource,
      );
      x += w;
    });
    canvas.draw(page, fills + text);
    return top + row.height;
  }

  private outlineOps(canvas: DocumentCanvas, top: number, bottom: number): string {
    const o = this.outline!;
    const width = this.columns.reduce((a, b) => a + b, 0);
    const h = bottom - top;
    const half = o.width / 2;
    return `q ${num(o.width)} w ${o.color} RG ${num(this.left + half)} ${num(canvas.height - bottom + half)} ${num(width - o.width)} ${num(h - o.width)} re S Q\n`;
  }
}
