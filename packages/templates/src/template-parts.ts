import type {
  Alignment,
  CellStyle,
  CredentialTemplate,
  LineSchema,
  MultiVariableTextSchema,
  RectangleSchema,
  SealSlotSchema,
  TableSchema,
  TextSchema,
} from './template-types.ts';

// Building blocks for templates written in code (the demo's credentials, contracts' evidence
// reports). Every schema carries the full set of pdfme style
// properties, so the same JSON is accepted by pdfme's own generator and Designer unchanged.

export const A4 = { width: 210, height: 297 } as const;
/** Seal diameter in mm: the demo's round seals are 40–42 mm, as for real Chinese official seals. */
export const SEAL_SIZE_MM = 40;
const BLACK = '#000000';

export type FontName = 'NotoSerifSC' | 'NotoSerifSC-Bold';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextOptions {
  fontSize?: number;
  bold?: boolean;
  alignment?: Alignment;
  lineHeight?: number;
  characterSpacing?: number;
  verticalAlignment?: 'top' | 'middle' | 'bottom';
}

function textStyle(o: TextOptions) {
  return {
    fontName: (o.bold ? 'NotoSerifSC-Bold' : 'NotoSerifSC') satisfies FontName,
    fontSize: o.fontSize ?? 11,
    alignment: o.alignment ?? 'left',
    verticalAlignment: o.verticalAlignment ?? 'top',
    lineHeight: o.lineHeight ?? 1.2,
    characterSpacing: o.characterSpacing ?? 0,
    fontColor: BLACK,
  } as const;
}

/** Static text printed on every document of the type. */
export function label(name: string, content: string, box: Box, o: TextOptions = {}): TextSchema {
  return {
    name,
    type: 'text',
    readOnly: true,
    content,
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    ...textStyle(o),
  };
}

/** Text bound to the record key `name`. */
export function field(name: string, box: Box, o: TextOptions = {}): TextSchema {
  return {
    name,
    type: 'text',
    content: '',
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    ...textStyle(o),
  };
}

/** Running text with `{key}` placeholders filled from the record keys in `text`. */
export function paragraph(
  name: string,
  text: string,
  box: Box,
  o: TextOptions = {},
): MultiVariableTextSchema {
  const variables = [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))];
  return {
    name,
    type: 'multiVariableText',
    text,
    variables,
    content: '',
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    ...textStyle({ lineHeight: 1.8, ...o }),
  };
}

export function rule(name: string, x: number, y: number, width: number, thickness = 0.4): LineSchema {
  return {
    name,
    type: 'line',
    readOnly: true,
    position: { x, y },
    width,
    height: thickness,
    color: BLACK,
  };
}

export function frame(name: string, box: Box, borderWidth = 0.3): RectangleSchema {
  return {
    name,
    type: 'rectangle',
    readOnly: true,
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    borderWidth,
    borderColor: BLACK,
    color: '',
    radius: 0,
  };
}

/** Where the signing step places a seal image; the square's side is the seal diameter. */
export function sealSlot(name: string, sealRole: 'issuer' | 'counter', x: number, y: number): SealSlotSchema {
  return { name, type: 'sealSlot', sealRole, position: { x, y }, width: SEAL_SIZE_MM, height: SEAL_SIZE_MM };
}

export interface TableColumn {
  head: string;
  key: string;
  widthPercent: number;
  alignment?: Alignment;
}

export interface TableOptions {
  fontSize?: number;
  /** Top and bottom cell padding in mm; sets the row height with the font size. */
  cellPaddingY?: number;
  /** Static rows (readOnly table), else the rows come from record[name]. */
  staticRows?: string[][];
}

function cellStyle(fontSize: number, paddingY: number, bold: boolean): Required<CellStyle> {
  return {
    fontName: bold ? 'NotoSerifSC-Bold' : 'NotoSerifSC',
    fontSize,
    alignment: 'center',
    verticalAlignment: 'middle',
    lineHeight: 1,
    characterSpacing: 0,
    fontColor: BLACK,
    backgroundColor: '',
    borderColor: BLACK,
    borderWidth: { top: 0.1, right: 0.1, bottom: 0.1, left: 0.1 },
    padding: { top: paddingY, right: 1.2, bottom: paddingY, left: 1.2 },
  };
}

/** A ruled table; rows beyond the page flow onto further pages with the head repeated. */
export function table(
  name: string,
  columns: readonly TableColumn[],
  box: Box,
  o: TableOptions = {},
): TableSchema {
  const fontSize = o.fontSize ?? 8;
  const paddingY = o.cellPaddingY ?? 0.6;
  const alignment: Record<number, Alignment> = {};
  columns.forEach((c, i) => {
    alignment[i] = c.alignment ?? 'center';
  });
  // repeatHead is pdfme's switch for the head on continuation pages; our engine always repeats it.
  const schema: TableSchema & { repeatHead: boolean } = {
    name,
    type: 'table',
    ...(o.staticRows ? { readOnly: true, content: JSON.stringify(o.staticRows) } : { content: '[]' }),
    position: { x: box.x, y: box.y },
    width: box.width,
    height: box.height,
    showHead: true,
    repeatHead: true,
    head: columns.map((c) => c.head),
    headWidthPercentages: columns.map((c) => c.widthPercent),
    columnKeys: columns.map((c) => c.key),
    tableStyles: { borderWidth: 0.3, borderColor: BLACK },
    headStyles: { ...cellStyle(fontSize, paddingY, true), backgroundColor: '#eeeeee' },
    bodyStyles: { ...cellStyle(fontSize, paddingY, false), alternateBackgroundColor: '' },
    columnStyles: { alignment },
  };
  return schema;
}

/** A4 portrait with the given padding (top, right, bottom, left). */
export function a4(
  schemas: CredentialTemplate['schemas'][number],
  padding: [number, number, number, number] = [20, 20, 20, 20],
): CredentialTemplate {
  return { basePdf: { ...A4, padding }, schemas: [schemas] };
}
