import type { RecordProblem } from '@openseal/contract';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';
import { subjectProblem } from './subject-rule.ts';
import { checkXlsxBounds, XlsxBoundsError } from './xlsx-bounds.ts';

// The import file format (contract ImportReport): a header row, then one row per table row. Columns
// `subject`, `subjectName` and `cohort` say who a row is about; the rows of one subject are one
// person. Other columns are the record's top-level fields by name, and `courses.term` etc. fill the
// table field `courses`, one item per row. Cells are converted to the JSON Schema's types.

export type ImportFileKind = 'csv' | 'xlsx';

/** The largest import accepted (also the route's body limit). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Data rows of one file (the header not counted). */
export const MAX_IMPORT_ROWS = 100_000;
/** An XLSX's parts together, inflated: room for MAX_IMPORT_ROWS rows of a wide table. */
export const MAX_IMPORT_INFLATED_BYTES = 100 * 1024 * 1024;

export interface ImportedPerson {
  subject: string;
  subjectName: string;
  cohort: string | null;
  data: Record<string, unknown>;
  /** The person's first row. */
  row: number;
  /** Moves a problem found in `data` to the row it came from (`courses[3].x` -> the 4th course's row). */
  rowOf(problem: RecordProblem): RecordProblem;
}

export interface ParsedImport {
  /** Data rows (blank rows not counted). */
  rows: number;
  people: ImportedPerson[];
  problems: RecordProblem[];
}

interface PropertySchema {
  type?: string | string[];
  items?: PropertySchema;
  properties?: Record<string, PropertySchema>;
}

const RESERVED = ['subject', 'subjectName', 'cohort'] as const;

function invalidFile(message: string): AppError {
  return new AppError('ERR_IMPORT_FILE_INVALID', message, [message]);
}

function tooLarge(message: string): AppError {
  return new AppError('ERR_IMPORT_FILE_TOO_LARGE', message, [message]);
}

/** Records of an RFC 4180 text (line breaks outside quotes, plus an unterminated last line), up to `stop`. */
function csvLineCount(text: string, stop: number): number {
  let lines = 0;
  let quoted = false;
  let open = false;
  for (let i = 0; i < text.length && lines < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) {
      lines += 1;
      open = false;
      continue;
    }
    open = true;
  }
  return lines + (open ? 1 : 0);
}

function csvRows(bytes: Uint8Array): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidFile('the CSV file is not UTF-8 text; save it as "CSV UTF-8"');
  }
  // Counted before parsing: 20 MB of line breaks would be millions of rows to build.
  if (csvLineCount(text, MAX_IMPORT_ROWS + 2) > MAX_IMPORT_ROWS + 1)
    throw tooLarge(`the file has more than ${MAX_IMPORT_ROWS} rows`);
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw invalidFile(`the CSV file cannot be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? '');
  if ('error' in value) return String(value.error);
  return '';
}

async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  try {
    // Before ExcelJS inflates everything in memory. The header row counts as a row here.
    await checkXlsxBounds(bytes, {
      maxInflatedBytes: MAX_IMPORT_INFLATED_BYTES,
      maxRows: MAX_IMPORT_ROWS + 1,
    });
  } catch (err) {
    if (!(err instanceof XlsxBoundsError)) throw err;
    throw err.tooLarge ? tooLarge(err.message) : invalidFile(err.message);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw invalidFile(`the XLSX file cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidFile('the workbook has no worksheet');
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1)
    throw tooLarge(`the worksheet has more than ${MAX_IMPORT_ROWS} rows`);
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

function mainType(s: PropertySchema | undefined): string | undefined {
  const t = s?.type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
}

/** A cell as the schema's type; a cell that does not convert stays text, so validation names it. */
function convert(cell: string, schema: PropertySchema | undefined): unknown {
  const type = mainType(schema);
  if (type === 'number' || type === 'integer') {
    return /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell) ? Number(cell) : cell;
  }
  if (type === 'boolean') {
    if (['true', '1', 'yes', '是'].includes(cell.toLowerCase())) return true;
    if (['false', '0', 'no', '否'].includes(cell.toLowerCase())) return false;
  }
  return cell;
}

interface Column {
  index: number;
  kind: 'reserved' | 'field' | 'table';
  name: string;
  table?: string;
  schema?: PropertySchema;
}

function readHeader(
  header: readonly string[],
  schema: PropertySchema,
): { columns: Column[]; problems: RecordProblem[] } {
  const props = schema.properties ?? {};
  const required = new Set((schema as { required?: string[] }).required ?? []);
  const problems: RecordProblem[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return;
    if (seen.has(name)) {
      problems.push({ row: 1, field: name, message: 'the column appears twice' });
      return;
    }
    seen.add(name);
    if ((RESERVED as readonly string[]).includes(name)) {
      columns.push({ index, kind: 'reserved', name });
      return;
    }
    const dot = name.indexOf('.');
    if (dot > 0) {
      const table = name.slice(0, dot);
      const key = name.slice(dot + 1);
      const item = props[table]?.items;
      const itemSchema = mainType(props[table]) === 'array' ? item?.properties?.[key] : undefined;
      if (!itemSchema) {
        problems.push({
          row: 1,
          field: name,
          message: `is not a column of a table field of this credential type`,
        });
        return;
      }
      columns.push({ index, kind: 'table', name: key, table, schema: itemSchema });
      return;
    }
    const prop = props[name];
    if (!prop) {
      problems.push({ row: 1, field: name, message: 'is not a field of this credential type' });
      return;
    }
    if (mainType(prop) === 'array' || mainType(prop) === 'object') {
      problems.push({
        row: 1,
        field: name,
        message: `is a table: fill it with columns such as ${name}.<column>`,
      });
      return;
    }
    columns.push({ index, kind: 'field', name, schema: prop });
  });
  for (const name of ['subject', 'subjectName'])
    if (!seen.has(name)) problems.push({ row: 1, field: name, message: 'the column is missing' });
  for (const name of required) {
    const isTable = mainType(props[name]) === 'array';
    const present = isTable ? columns.some((c) => c.table === name) : seen.has(name);
    if (!present)
      problems.push({ row: 1, field: name, message: 'the column for this required field is missing' });
  }
  return { columns, problems };
}

interface Person {
  subject: string;
  subjectName: string;
  cohort: string | null;
  row: number;
  fields: Map<string, { value: unknown; row: number }>;
  tables: Map<string, { items: Record<string, unknown>[]; rows: number[] }>;
}

/** Reads a file into one record per subject, listing every problem with its row and column. */
export async function parseImportFile(
  kind: ImportFileKind,
  bytes: Uint8Array,
  schema: object,
): Promise<ParsedImport> {
  const grid = kind === 'csv' ? csvRows(bytes) : await xlsxRows(bytes);
  const [header, ...body] = grid;
  if (!header || header.every((c) => c.trim() === '')) throw invalidFile('the file has no header row');
  const { columns, problems } = readHeader(header, schema as PropertySchema);
  const tableNames = [...new Set(columns.flatMap((c) => (c.table ? [c.table] : [])))];
  const people = new Map<string, Person>();
  let rows = 0;

  body.forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: Column) => (cells[c.index] ?? '').trim();
    if (columns.every((c) => cell(c) === '')) return;
    rows += 1;
    const value = (name: string) => {
      const c = columns.find((x) => x.kind === 'reserved' && x.name === name);
      return c ? cell(c) : '';
    };
    const subject = value('subject');
    if (subject === '') {
      problems.push({ row, field: 'subject', message: 'is required' });
      return;
    }
    const unfit = subjectProblem(subject);
    if (unfit) {
      problems.push({ row, field: 'subject', message: unfit });
      return;
    }
    let person = people.get(subject);
    if (!person) {
      person = { subject, subjectName: '', cohort: null, row, fields: new Map(), tables: new Map() };
      for (const t of tableNames) person.tables.set(t, { items: [], rows: [] });
      people.set(subject, person);
    }
    const p = person;
    // Who a row is about is said once per person; a row that says otherwise is a problem.
    const same = (field: string, had: string, got: string): string => {
      if (got === '') return had;
      if (had === '') return got;
      if (had !== got)
        problems.push({ row, field, message: `differs from row ${p.row} for the same subject` });
      return had;
    };
    p.subjectName = same('subjectName', p.subjectName, value('subjectName'));
    p.cohort = same('cohort', p.cohort ?? '', value('cohort')) || null;
    const items = new Map<string, Record<string, unknown>>();
    for (const c of columns) {
      const text = cell(c);
      if (text === '' || c.kind === 'reserved') continue;
      if (c.kind === 'field') {
        const had = p.fields.get(c.name);
        const converted = convert(text, c.schema);
        if (!had) p.fields.set(c.name, { value: converted, row });
        else if (had.value !== converted)
          problems.push({ row, field: c.name, message: `differs from row ${had.row} for the same subject` });
      } else {
        const table = c.table as string;
        const item = items.get(table) ?? {};
        item[c.name] = convert(text, c.schema);
        items.set(table, item);
      }
    }
    for (const [table, item] of items) {
      const t = p.tables.get(table);
      t?.items.push(item);
      t?.rows.push(row);
    }
  });

  for (const p of people.values())
    if (p.subjectName === '') problems.push({ row: p.row, field: 'subjectName', message: 'is required' });
  // A broken header would repeat the same problem for every person: report it alone.
  const headerBroken = problems.some((x) => x.row === 1);
  return {
    rows,
    problems,
    people: headerBroken
      ? []
      : [...people.values()].map((p) => ({
          subject: p.subject,
          subjectName: p.subjectName,
          cohort: p.cohort,
          row: p.row,
          data: {
            ...Object.fromEntries([...p.fields].map(([k, v]) => [k, v.value])),
            ...Object.fromEntries([...p.tables].map(([k, t]) => [k, t.items])),
          },
          rowOf(problem) {
            const m = /^([^.[\]]+)\[(\d+)\]/.exec(problem.field ?? '');
            const itemRow = m ? p.tables.get(m[1] as string)?.rows[Number(m[2])] : undefined;
            if (!m || itemRow === undefined) return problem;
            // Named like the file's column: `courses[3].credits` is column `courses.credits`.
            const rest = (problem.field ?? '').slice(m[0].length).replace(/^\./, '');
            return { ...problem, row: itemRow, field: rest ? `${m[1]}.${rest}` : (m[1] as string) };
          },
        })),
  };
}
