import type { RecordProblem } from '@openseal/contract';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';
import {
  columnsNamed,
  headerKey,
  importColumns,
  labelOf,
  labelOfField,
  mainType,
  type SchemaNode,
} from './import-columns.ts';
import { ambiguousText, differsText, PROBLEM_TEXT, subjectText, tableText } from './record-problem-text.ts';
import { subjectProblem } from './subject-rule.ts';
import { checkXlsxBounds, XlsxBoundsError } from './xlsx-bounds.ts';

// The import file format (contract ImportReport): a header row, then one row per table row. Columns
// 学号/工号, 姓名 and 年级 (`subject`, `subjectName`, `cohort`) say who a row is about; the rows of one
// subject are one person. Other columns are the record's fields by label or key (import-columns.ts),
// and a table's columns (学期 or `courses.term`) fill one item per row. Cells are converted to the
// JSON Schema's types.

export type ImportFileKind = 'csv' | 'xlsx';

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

type PropertySchema = SchemaNode;

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
    throw err.code === 'ERR_XLSX_TOO_LARGE' ? tooLarge(err.message) : invalidFile(err.message);
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

/** The table field a header names by its own key or label (`courses`, 课程成绩), if any. */
function tableNamed(schema: SchemaNode, name: string): string | null {
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    if (mainType(node) !== 'array' && mainType(node) !== 'object') continue;
    const label = labelOf(key, node);
    if ([key, label.zh, label.en].some((n) => headerKey(n) === headerKey(name))) return key;
  }
  return null;
}

function readHeader(
  header: readonly string[],
  schema: SchemaNode,
): { columns: Column[]; problems: RecordProblem[] } {
  const known = importColumns(schema);
  const required = new Set(schema.required ?? []);
  const problems: RecordProblem[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>();
  const cells = header
    .map((raw, index) => ({ index, name: raw.trim(), named: columnsNamed(known, raw) }))
    .filter((c) => c.name !== '');
  // A cell naming one column is placed before one naming two (学号 = subject and studentNo), so
  // `subject,学号` fills subject from the first and studentNo from the second.
  cells.sort((a, b) => a.named.length - b.named.length || a.index - b.index);
  for (const { index, name, named } of cells) {
    if (named.length === 0) {
      const table = tableNamed(schema, name);
      if (table) {
        problems.push({ row: 1, field: name, ...tableText(name) });
      } else {
        problems.push({
          row: 1,
          field: name,
          ...(name.includes('.') ? PROBLEM_TEXT.notATableColumn : PROBLEM_TEXT.notAField),
        });
      }
      continue;
    }
    const data = named.filter((c) => c.kind !== 'reserved');
    if (data.length > 1) {
      problems.push({ row: 1, field: name, ...ambiguousText(data.map((c) => c.label.zh)) });
      continue;
    }
    const fresh = named.filter((c) => !seen.has(c.key));
    if (fresh.length === 0) {
      problems.push({ row: 1, field: name, ...PROBLEM_TEXT.twice });
      continue;
    }
    for (const c of fresh) {
      seen.add(c.key);
      columns.push(
        c.kind === 'table'
          ? { index, kind: 'table', name: c.item as string, table: c.table as string, schema: c.schema }
          : { index, kind: c.kind, name: c.key, schema: c.schema },
      );
    }
  }
  columns.sort((a, b) => a.index - b.index);
  for (const name of ['subject', 'subjectName'])
    if (!seen.has(name)) problems.push({ row: 1, field: name, ...PROBLEM_TEXT.missing });
  const props = schema.properties ?? {};
  for (const name of required) {
    const isTable = mainType(props[name]) === 'array';
    const present = isTable ? columns.some((c) => c.table === name) : seen.has(name);
    if (!present) problems.push({ row: 1, field: name, ...PROBLEM_TEXT.requiredMissing });
  }
  return { columns, problems };
}

/**
 * The import's problems with their column named as the registrar's template names it: a data
 * field's label, or the header text itself for a header the type does not know.
 */
export function labelProblems(problems: readonly RecordProblem[], schema: object): RecordProblem[] {
  const node = schema as SchemaNode;
  const known = importColumns(node);
  return problems.map((p) => {
    const column =
      labelOfField(node, known, p.field) ?? (p.row === 1 && p.field ? { zh: p.field, en: p.field } : null);
    return { ...p, column };
  });
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
      problems.push({ row, field: 'subject', ...PROBLEM_TEXT.required });
      return;
    }
    const unfit = subjectProblem(subject);
    if (unfit) {
      problems.push({ row, field: 'subject', ...subjectText(unfit) });
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
      if (had !== got) problems.push({ row, field, ...differsText(p.row) });
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
        else if (had.value !== converted) problems.push({ row, field: c.name, ...differsText(had.row) });
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
    if (p.subjectName === '') problems.push({ row: p.row, field: 'subjectName', ...PROBLEM_TEXT.required });
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
