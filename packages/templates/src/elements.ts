import type { DocumentCanvas } from './document-canvas.ts';
import { type PreparedImage, prepareImage } from './images.ts';
import { num, rgb } from './pdf-writer.ts';
import { qrOps } from './qr.ts';
import { CompiledTable, type FlowPosition, type PageBand } from './table-layout.ts';
import { TemplateError } from './template-error.ts';
import type { RenderInputs, SealSlot, TemplateSchema } from './template-types.ts';
import { placeLines, type ResolvedTextStyle, type TextBlock, textOps, wrapText } from './text-layout.ts';
import { resolveTextStyle } from './text-style.ts';
import { MM } from './units.ts';

// One compiled schema: what can be prepared once per template (styles, static text layout, images,
// the table's head) is prepared in its constructor; draw() adds the per-document part.

export interface RenderContext {
  canvas: DocumentCanvas;
  inputs: RenderInputs;
  band: PageBand;
  sealSlots: SealSlot[];
}

export interface CompiledElement {
  readonly schema: TemplateSchema;
  /** Draws with the box's top edge at `at`; flowing elements (tables) return where they end. */
  draw(ctx: RenderContext, at: FlowPosition): FlowPosition | undefined;
}

function stringInput(schema: TemplateSchema, inputs: RenderInputs): string {
  if (schema.readOnly) return schema.content ?? '';
  const v = inputs[schema.name];
  if (v === undefined) return schema.content ?? '';
  if (typeof v !== 'string') {
    throw new TemplateError('ERR_TEMPLATE_INPUT', `Field "${schema.name}" (${schema.type}) takes a string.`);
  }
  return v;
}

/** Wraps element operators in an opacity state when the schema is translucent. */
function withOpacity(schema: TemplateSchema, canvas: DocumentCanvas, ops: string): string {
  if (!ops || schema.opacity === undefined || schema.opacity >= 1) return ops;
  return `q ${canvas.opacity(schema.opacity)} gs\n${ops}Q\n`;
}

/** Rethrows a missing-glyph error with the field that holds the character. */
function inField<T>(schema: TemplateSchema, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof TemplateError && e.code === 'ERR_TEMPLATE_GLYPH' && !e.message.startsWith('Field')) {
      throw new TemplateError(e.code, `Field "${schema.name}": ${e.message}`);
    }
    throw e;
  }
}

class TextElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'text' | 'multiVariableText' };
  private readonly style: ResolvedTextStyle;
  private readonly staticBlock: TextBlock | undefined;

  constructor(schema: TemplateSchema & { type: 'text' | 'multiVariableText' }) {
    this.schema = schema;
    this.style = resolveTextStyle(schema);
    if (schema.readOnly)
      this.staticBlock = inField(schema, () => this.layout(this.text(schema.content ?? '')));
  }

  draw(ctx: RenderContext, at: FlowPosition): undefined {
    const { canvas } = ctx;
    inField(this.schema, () => {
      const block = this.staticBlock ?? this.layout(this.text(stringInput(this.schema, ctx.inputs)));
      const { subset, resource } = canvas.font(block.face);
      const ops = textOps(block, this.schema.position.x * MM, canvas.height - at.top, subset, resource);
      canvas.draw(at.page, withOpacity(this.schema, canvas, ops));
    });
    return undefined;
  }

  private layout(text: string): TextBlock {
    const w = this.schema.width * MM;
    return placeLines(wrapText(text, this.style, w), this.style, w, this.schema.height * MM);
  }

  /** multiVariableText: pdfme's value is a JSON object of variable values for `{name}` placeholders. */
  private text(value: string): string {
    if (this.schema.type !== 'multiVariableText') return value;
    let vars: Record<string, unknown> = {};
    if (value) {
      try {
        vars = JSON.parse(value) as Record<string, unknown>;
      } catch {
        throw new TemplateError(
          'ERR_TEMPLATE_INPUT',
          `Field "${this.schema.name}" takes a JSON object of variable values.`,
        );
      }
    }
    return this.schema.text.replace(/\{([^{}]+)\}/g, (_, key: string) => {
      const v = vars[key];
      return v === undefined || v === null ? '' : String(v);
    });
  }
}

class TableElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'table' };
  private readonly table: CompiledTable;

  constructor(schema: TemplateSchema & { type: 'table' }) {
    this.schema = schema;
    this.table = inField(schema, () => new CompiledTable(schema));
  }

  draw(ctx: RenderContext, at: FlowPosition): FlowPosition {
    return inField(this.schema, () => this.table.render(this.rows(ctx.inputs), ctx.canvas, at, ctx.band));
  }

  private rows(inputs: RenderInputs): readonly (readonly string[])[] {
    const v = this.schema.readOnly ? undefined : inputs[this.schema.name];
    if (Array.isArray(v)) return v as readonly (readonly string[])[];
    const json = typeof v === 'string' ? v : (this.schema.content ?? '[]');
    let rows: unknown;
    try {
      rows = JSON.parse(json || '[]');
    } catch {
      rows = undefined;
    }
    if (
      !Array.isArray(rows) ||
      !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))
    ) {
      throw new TemplateError(
        'ERR_TEMPLATE_INPUT',
        `Table "${this.schema.name}" takes rows of cell strings.`,
      );
    }
    return rows as string[][];
  }
}

class QrElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'qrcode' };

  constructor(schema: TemplateSchema & { type: 'qrcode' }) {
    this.schema = schema;
  }

  draw(ctx: RenderContext, at: FlowPosition): undefined {
    const { canvas } = ctx;
    const s = this.schema;
    const size = Math.min(s.width, s.height) * MM;
    const ops = qrOps(stringInput(s, ctx.inputs), s.position.x * MM, canvas.height - at.top, size, 'M');
    canvas.draw(at.page, withOpacity(s, canvas, ops));
    return undefined;
  }
}

class ImageElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'image' };
  private readonly staticImage: PreparedImage | undefined;
  /** The last per-document image, so a batch sharing one photo or logo decodes it once. */
  private last: { url: string; image: PreparedImage } | undefined;

  constructor(schema: TemplateSchema & { type: 'image' }) {
    this.schema = schema;
    if (schema.content) {
      try {
        this.staticImage = prepareImage(schema.content, schema.name);
      } catch (e) {
        // A bad image in the template itself is a template error, not an input error.
        if (e instanceof TemplateError) throw new TemplateError('ERR_TEMPLATE_INVALID', e.message);
        throw e;
      }
    }
  }

  draw(ctx: RenderContext, at: FlowPosition): undefined {
    const s = this.schema;
    const url = stringInput(s, ctx.inputs);
    if (!url) return undefined;
    let image = url === s.content ? this.staticImage : this.last?.url === url ? this.last.image : undefined;
    if (!image) {
      image = prepareImage(url, s.name);
      this.last = { url, image };
    }
    const { canvas } = ctx;
    const w = s.width * MM;
    const h = s.height * MM;
    const ops = `q ${num(w)} 0 0 ${num(h)} ${num(s.position.x * MM)} ${num(canvas.height - at.top - h)} cm ${canvas.image(image)} Do Q\n`;
    canvas.draw(at.page, withOpacity(s, canvas, ops));
    return undefined;
  }
}

class ShapeElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'line' | 'rectangle' };

  constructor(schema: TemplateSchema & { type: 'line' | 'rectangle' }) {
    this.schema = schema;
  }

  draw(ctx: RenderContext, at: FlowPosition): undefined {
    const { canvas } = ctx;
    const s = this.schema;
    const x = s.position.x * MM;
    const w = s.width * MM;
    const h = s.height * MM;
    const y = canvas.height - at.top - h;
    let ops = '';
    if (s.type === 'line') {
      // pdfme draws a line as a bar of the schema's height across its width.
      ops = `${rgb(s.color) ?? '0 0 0'} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f\n`;
    } else {
      const fill = rgb(s.color);
      const bw = (s.borderWidth ?? 0) * MM;
      const stroke = bw > 0 ? rgb(s.borderColor) : undefined;
      if (fill) ops += `${fill} rg ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f\n`;
      // The border is drawn inside the box.
      if (stroke)
        ops += `q ${num(bw)} w ${stroke} RG ${num(x + bw / 2)} ${num(y + bw / 2)} ${num(w - bw)} ${num(h - bw)} re S Q\n`;
    }
    canvas.draw(at.page, withOpacity(s, canvas, ops));
    return undefined;
  }
}

class SealSlotElement implements CompiledElement {
  readonly schema: TemplateSchema & { type: 'sealSlot' };

  constructor(schema: TemplateSchema & { type: 'sealSlot' }) {
    this.schema = schema;
  }

  draw(ctx: RenderContext, at: FlowPosition): undefined {
    const s = this.schema;
    ctx.sealSlots.push({
      role: s.sealRole,
      page: at.page + 1,
      x: (s.position.x + s.width / 2) * MM,
      y: ctx.canvas.height - at.top - (s.height / 2) * MM,
      size: Math.min(s.width, s.height) * MM,
    });
    return undefined;
  }
}

export function compileElement(schema: TemplateSchema): CompiledElement {
  switch (schema.type) {
    case 'text':
    case 'multiVariableText':
      return new TextElement(schema);
    case 'table':
      return new TableElement(schema);
    case 'qrcode':
      return new QrElement(schema);
    case 'image':
      return new ImageElement(schema);
    case 'line':
    case 'rectangle':
      return new ShapeElement(schema);
    case 'sealSlot':
      return new SealSlotElement(schema);
  }
}
