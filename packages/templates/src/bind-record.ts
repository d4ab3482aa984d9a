import { TemplateError } from './template-error.ts';
import type { CredentialTemplate, RenderInputs, TemplateSchema } from './template-types.ts';

// Maps a data record (one row of an import, one student) to pdfme-style inputs for a template.

function plain(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  throw new TemplateError(
    'ERR_TEMPLATE_INPUT',
    `Field "${field}": a ${typeof v} value cannot be printed as text.`,
  );
}

function tableRows(schema: TemplateSchema & { type: 'table' }, value: unknown): string[][] {
  if (!Array.isArray(value)) {
    throw new TemplateError('ERR_TEMPLATE_INPUT', `Table "${schema.name}" takes an array of rows.`);
  }
  return value.map((row: unknown, r) => {
    if (Array.isArray(row)) return row.map((cell) => plain(schema.name, cell));
    if (typeof row === 'object' && row !== null) {
      if (!schema.columnKeys) {
        throw new TemplateError(
          'ERR_TEMPLATE_INPUT',
          `Table "${schema.name}" row ${r + 1} is an object, but the table has no columnKeys to map it.`,
        );
      }
      const record = row as Record<string, unknown>;
      return schema.columnKeys.map((key) => plain(`${schema.name}.${key}`, record[key]));
    }
    throw new TemplateError(
      'ERR_TEMPLATE_INPUT',
      `Table "${schema.name}" row ${r + 1} must be an array or an object.`,
    );
  });
}

function multiVariable(
  schema: TemplateSchema & { type: 'multiVariableText' },
  record: Record<string, unknown>,
): string {
  // Values come from record[name] when it is an object, else from top-level keys named like the variables.
  const own = record[schema.name];
  const source = typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : record;
  let defaults: Record<string, unknown> = {};
  try {
    defaults = schema.content ? (JSON.parse(schema.content) as Record<string, unknown>) : {};
  } catch {
    // A content that is not JSON gives no defaults.
  }
  const values: Record<string, string> = {};
  for (const v of schema.variables) values[v] = plain(v, source[v] ?? defaults[v]);
  return JSON.stringify(values);
}

export function bindRecord(template: CredentialTemplate, record: Record<string, unknown>): RenderInputs {
  const inputs: RenderInputs = {};
  for (const page of template.schemas) {
    for (const schema of page) {
      if (schema.readOnly) continue;
      const value = record[schema.name];
      switch (schema.type) {
        case 'text':
        case 'qrcode':
        case 'image':
          inputs[schema.name] =
            value === undefined || value === null ? (schema.content ?? '') : plain(schema.name, value);
          break;
        case 'multiVariableText':
          inputs[schema.name] = multiVariable(schema, record);
          break;
        case 'table':
          if (value !== undefined && value !== null) inputs[schema.name] = tableRows(schema, value);
          break;
        case 'line':
        case 'rectangle':
        case 'sealSlot':
          break;
      }
    }
  }
  return inputs;
}
