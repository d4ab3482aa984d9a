import { isFontName } from './font-faces.ts';
import { TemplateError } from './template-error.ts';
import type { CredentialTemplate, TemplateSchema } from './template-types.ts';

// Strict structural checks of a template before compiling it: every problem names the schema, so
// a template admin can find it in the Designer.

const TYPES = new Set([
  'text',
  'multiVariableText',
  'table',
  'qrcode',
  'image',
  'line',
  'rectangle',
  'sealSlot',
]);
const ALIGNMENTS = new Set(['left', 'center', 'right', 'justify']);
const VERTICAL = new Set(['top', 'middle', 'bottom']);
const COLOR = /^#[0-9a-fA-F]{6}$/;

type Fail = (message: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function invalid(message: string): never {
  throw new TemplateError('ERR_TEMPLATE_INVALID', message);
}

export function validateTemplate(template: unknown): asserts template is CredentialTemplate {
  if (!isObject(template)) invalid('The template must be an object with basePdf and schemas.');
  const base = template.basePdf;
  if (!isObject(base) || !positive(base.width) || !positive(base.height)) {
    invalid('basePdf must be a blank page { width, height, padding } with positive sizes in mm.');
  }
  const padding = base.padding;
  if (!Array.isArray(padding) || padding.length !== 4 || !padding.every((p) => isFiniteNumber(p) && p >= 0)) {
    invalid('basePdf.padding must be four non-negative numbers [top, right, bottom, left] in mm.');
  }
  if (!Array.isArray(template.schemas) || template.schemas.length === 0) {
    invalid('schemas must be a non-empty array with one array of schemas per page.');
  }
  const names = new Set<string>();
  template.schemas.forEach((page: unknown, p: number) => {
    if (!Array.isArray(page)) invalid(`schemas[${p}] must be an array of schemas.`);
    page.forEach((schema: unknown, i: number) => {
      const label = isObject(schema) && typeof schema.name === 'string' ? `"${schema.name}"` : `#${i + 1}`;
      const fail: Fail = (message) => invalid(`Template schema ${label} (page ${p + 1}): ${message}`);
      if (!isObject(schema)) fail('must be an object.');
      validateSchema(schema, fail);
      const name = schema.name as string;
      if (names.has(name)) fail('the name is used twice; field names must be unique.');
      names.add(name);
    });
  });
}

function positive(v: unknown): boolean {
  return isFiniteNumber(v) && v > 0;
}

function validateSchema(s: Record<string, unknown>, fail: Fail): void {
  if (typeof s.name !== 'string' || s.name === '') fail('name must be a non-empty string.');
  if (typeof s.type !== 'string' || !TYPES.has(s.type)) {
    fail(`unknown type ${JSON.stringify(s.type)}; supported: ${[...TYPES].join(', ')}.`);
  }
  const pos = s.position;
  if (!isObject(pos) || !isFiniteNumber(pos.x) || !isFiniteNumber(pos.y))
    fail('position must be { x, y } in mm.');
  if (!positive(s.width) || !positive(s.height)) fail('width and height must be positive numbers (mm).');
  if (s.rotate !== undefined && s.rotate !== 0) {
    fail(
      'rotation is not supported; set rotate to 0 (a vertical line is a line whose width is its thickness).',
    );
  }
  if (s.opacity !== undefined && !(isFiniteNumber(s.opacity) && s.opacity >= 0 && s.opacity <= 1)) {
    fail('opacity must be between 0 and 1.');
  }
  if (s.content !== undefined && typeof s.content !== 'string') fail('content must be a string.');
  const schema = s as unknown as TemplateSchema;
  switch (schema.type) {
    case 'text':
      validateTextStyle(s, fail);
      break;
    case 'multiVariableText':
      validateTextStyle(s, fail);
      if (typeof s.text !== 'string') fail('text must be a string with {variable} placeholders.');
      if (!Array.isArray(s.variables) || !s.variables.every((v) => typeof v === 'string')) {
        fail('variables must be an array of names.');
      }
      if (s.content && !isObject(parseJson(s.content)))
        fail('content must be a JSON object of variable values.');
      break;
    case 'table':
      validateTable(s, fail);
      break;
    case 'line':
      validateColor(s.color, 'color', fail);
      break;
    case 'rectangle':
      if (s.borderWidth !== undefined && !(isFiniteNumber(s.borderWidth) && s.borderWidth >= 0)) {
        fail('borderWidth must be a non-negative number (mm).');
      }
      validateColor(s.borderColor, 'borderColor', fail);
      validateColor(s.color, 'color', fail);
      break;
    case 'sealSlot':
      if (s.sealRole !== 'issuer' && s.sealRole !== 'counter')
        fail("sealRole must be 'issuer' or 'counter'.");
      break;
    case 'qrcode':
    case 'image':
      break;
  }
}

function parseJson(text: unknown): unknown {
  try {
    return JSON.parse(text as string);
  } catch {
    return undefined;
  }
}

function validateColor(v: unknown, what: string, fail: Fail): void {
  if (v !== undefined && v !== '' && !(typeof v === 'string' && COLOR.test(v))) {
    fail(`${what} must be a colour like '#1a2b3c' (or '' for none), got ${JSON.stringify(v)}.`);
  }
}

function validateTextStyle(s: Record<string, unknown>, fail: Fail, what = ''): void {
  if (s.fontSize !== undefined && !positive(s.fontSize))
    fail(`${what}fontSize must be a positive number (pt).`);
  if (s.fontName !== undefined && !(typeof s.fontName === 'string' && isFontName(s.fontName))) {
    fail(
      `${what}fontName ${JSON.stringify(s.fontName)} is not available; use NotoSerifSC or NotoSerifSC-Bold.`,
    );
  }
  if (s.alignment !== undefined && !ALIGNMENTS.has(s.alignment as string)) {
    fail(`${what}alignment must be left, center, right or justify.`);
  }
  if (s.verticalAlignment !== undefined && !VERTICAL.has(s.verticalAlignment as string)) {
    fail(`${what}verticalAlignment must be top, middle or bottom.`);
  }
  if (s.lineHeight !== undefined && !positive(s.lineHeight))
    fail(`${what}lineHeight must be a positive number.`);
  if (s.characterSpacing !== undefined && !isFiniteNumber(s.characterSpacing)) {
    fail(`${what}characterSpacing must be a number (pt).`);
  }
  validateColor(s.fontColor, `${what}fontColor`, fail);
}

function validateBox(v: unknown, what: string, fail: Fail): void {
  if (v === undefined) return;
  if (
    !isObject(v) ||
    !['top', 'right', 'bottom', 'left'].every((k) => isFiniteNumber(v[k]) && (v[k] as number) >= 0)
  ) {
    fail(`${what} must be { top, right, bottom, left } non-negative numbers (mm).`);
  }
}

function validateTable(s: Record<string, unknown>, fail: Fail): void {
  const head = s.head;
  const widths = s.headWidthPercentages;
  if (!Array.isArray(head) || head.length === 0 || !head.every((h) => typeof h === 'string')) {
    fail('head must be a non-empty array of column titles.');
  }
  if (!Array.isArray(widths) || widths.length !== head.length || !widths.every(positive)) {
    fail('headWidthPercentages must give one positive percentage per column.');
  }
  const total = (widths as number[]).reduce((a, b) => a + b, 0);
  if (Math.abs(total - 100) > 0.5) fail(`headWidthPercentages must add up to 100, got ${total}.`);
  if (s.content) {
    const rows = parseJson(s.content);
    if (
      !Array.isArray(rows) ||
      !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))
    ) {
      fail('content must be JSON rows of cell strings, e.g. [["高等数学","4"]].');
    }
  }
  if (s.columnKeys !== undefined) {
    const keys = s.columnKeys;
    if (!Array.isArray(keys) || keys.length !== head.length || !keys.every((k) => typeof k === 'string')) {
      fail('columnKeys must give one record key per column.');
    }
  }
  if (s.tableStyles !== undefined) {
    const t = s.tableStyles;
    if (
      !isObject(t) ||
      (t.borderWidth !== undefined && !(isFiniteNumber(t.borderWidth) && t.borderWidth >= 0))
    ) {
      fail('tableStyles.borderWidth must be a non-negative number (mm).');
    }
    validateColor(t.borderColor, 'tableStyles.borderColor', fail);
  }
  for (const key of ['headStyles', 'bodyStyles'] as const) {
    const st = s[key];
    if (st === undefined) continue;
    if (!isObject(st)) fail(`${key} must be an object.`);
    validateTextStyle(st, fail, `${key}.`);
    validateColor(st.borderColor, `${key}.borderColor`, fail);
    validateColor(st.backgroundColor, `${key}.backgroundColor`, fail);
    validateColor(st.alternateBackgroundColor, `${key}.alternateBackgroundColor`, fail);
    validateBox(st.borderWidth, `${key}.borderWidth`, fail);
    validateBox(st.padding, `${key}.padding`, fail);
  }
  const columnStyles = s.columnStyles;
  if (columnStyles !== undefined) {
    const alignment = isObject(columnStyles) ? columnStyles.alignment : undefined;
    if (!isObject(columnStyles) || (alignment !== undefined && !isObject(alignment))) {
      fail('columnStyles.alignment must map column indexes to alignments.');
    }
    for (const v of Object.values(alignment ?? {})) {
      if (!ALIGNMENTS.has(v as string))
        fail('columnStyles.alignment values must be left, center, right or justify.');
    }
  }
}
