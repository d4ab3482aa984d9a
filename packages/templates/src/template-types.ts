// The pdfme Template subset our generator reads. All lengths are millimetres, font sizes points,
// exactly as pdfme stores them, so a template saved by pdfme's Designer is used as is.

export type Alignment = 'left' | 'center' | 'right' | 'justify';
export type VerticalAlignment = 'top' | 'middle' | 'bottom';

/** Properties pdfme gives every schema. */
export interface BaseSchema {
  name: string;
  type: string;
  position: { x: number; y: number };
  width: number;
  height: number;
  /** Only 0 is supported; other values are rejected by compileTemplate. */
  rotate?: number;
  opacity?: number;
  readOnly?: boolean;
  /** Static value (readOnly) or default value. */
  content?: string;
}

export interface TextStyle {
  fontName?: string;
  fontSize?: number;
  alignment?: Alignment;
  verticalAlignment?: VerticalAlignment;
  lineHeight?: number;
  characterSpacing?: number;
  fontColor?: string;
}

export interface TextSchema extends BaseSchema, TextStyle {
  type: 'text';
}

export interface MultiVariableTextSchema extends BaseSchema, TextStyle {
  type: 'multiVariableText';
  /** Text with `{variable}` placeholders. */
  text: string;
  variables: string[];
}

export interface BoxDimension {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface CellStyle extends TextStyle {
  borderColor?: string;
  backgroundColor?: string;
  borderWidth?: BoxDimension;
  padding?: BoxDimension;
}

export interface TableSchema extends BaseSchema {
  type: 'table';
  showHead?: boolean;
  head: string[];
  headWidthPercentages: number[];
  tableStyles?: { borderWidth?: number; borderColor?: string };
  headStyles?: CellStyle;
  bodyStyles?: CellStyle & { alternateBackgroundColor?: string };
  columnStyles?: { alignment?: Record<number, Alignment> };
  /** OpenSeal extension: the record key of each column, used by bindRecord. */
  columnKeys?: string[];
}

export interface QrCodeSchema extends BaseSchema {
  type: 'qrcode';
}

export interface ImageSchema extends BaseSchema {
  type: 'image';
}

export interface LineSchema extends BaseSchema {
  type: 'line';
  color?: string;
}

export interface RectangleSchema extends BaseSchema {
  type: 'rectangle';
  borderWidth?: number;
  borderColor?: string;
  /** Fill colour; '' draws no fill. */
  color?: string;
  radius?: number;
}

export interface SealSlotSchema extends BaseSchema {
  type: 'sealSlot';
  sealRole: 'issuer' | 'counter';
}

export type TemplateSchema =
  | TextSchema
  | MultiVariableTextSchema
  | TableSchema
  | QrCodeSchema
  | ImageSchema
  | LineSchema
  | RectangleSchema
  | SealSlotSchema;

/** pdfme Template subset; all lengths in millimetres like pdfme. */
export interface CredentialTemplate {
  /** padding: top, right, bottom, left. */
  basePdf: { width: number; height: number; padding: [number, number, number, number] };
  /** One array per template page (usually 1). */
  schemas: TemplateSchema[][];
}

/** Field values; a table takes rows of cell strings. */
export interface RenderInputs {
  [field: string]: string | readonly (readonly string[])[];
}

/** Printed on every page by the engine, not part of the template. */
export interface VerificationFooter {
  url: string;
  code: string;
  qrText: string;
}

export interface SealSlot {
  role: 'issuer' | 'counter';
  /** 1-based. */
  page: number;
  /** Centre, PDF points from the bottom-left corner of the page. */
  x: number;
  y: number;
  /** Diameter in points. */
  size: number;
}

export interface RenderedDocument {
  pdf: Uint8Array;
  pageCount: number;
  sealSlots: SealSlot[];
}

export interface RenderMeta {
  title?: string;
  lang?: string;
  /** Printed large and translucent across every page (a specimen's 样张 SPECIMEN). */
  watermark?: string;
}

export interface CompiledTemplate {
  /**
   * Without a footer the band stays empty: for documents verified by upload rather than by a code
   * (a contract's evidence report).
   */
  render(inputs: RenderInputs, footer: VerificationFooter | undefined, meta?: RenderMeta): RenderedDocument;
}
