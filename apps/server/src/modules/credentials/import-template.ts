import ExcelJS from 'exceljs';
import { type ImportColumn, importColumns, type SchemaNode, templateColumns } from './import-columns.ts';

// The file a registrar fills in: one worksheet whose first row names the columns by their labels
// in the chosen language, then an example row; a second worksheet says how to fill it.

type Lang = 'zh' | 'en';

/** Digits of the given length that read like a number of this school's kind (2026000001). */
function digits(n: number): string {
  const base = '2026000000000000000';
  return n <= 4 ? '1'.padStart(n, '0') : `${base.slice(0, n - 1)}1`;
}

/** A plausible value for a column: the schema's example, else one shaped by its pattern. */
function exampleValue(column: ImportColumn, lang: Lang): string {
  const node: SchemaNode | undefined = column.schema;
  const given = node?.examples?.[0];
  if (given !== undefined) return String(given);
  if (column.key === 'subject') return digits(10);
  if (column.key === 'subjectName') return lang === 'zh' ? '张三' : 'Zhang San';
  if (column.key === 'cohort') return '2026';
  const pattern = node?.pattern ?? '';
  let m = /^\^\\d\{(\d+)\}\$$/.exec(pattern);
  if (m) return digits(Number(m[1]));
  m = /^\^\\d\{(\d+),\d+\}\$$/.exec(pattern);
  if (m) return '1'.padStart(Math.max(Number(m[1]), 3), '0').replace(/^0/, '5');
  m = /^\^\\d\+\\\.\\d(?:\{(\d+)\})?\$$/.exec(pattern);
  if (m) return `3.${'0'.repeat(Number(m[1] ?? 1))}`;
  if (pattern.includes(',')) return '8,000.00';
  const type = Array.isArray(node?.type) ? node?.type.find((t) => t !== 'null') : node?.type;
  if (type === 'number' || type === 'integer') return '1';
  if (type === 'boolean') return lang === 'zh' ? '是' : 'yes';
  return lang === 'zh' ? `示例${column.label.zh}` : `Example ${column.label.en.toLowerCase()}`;
}

const HELP: Record<Lang, string[]> = {
  zh: [
    '填写说明',
    '1. 第一行是列名，请勿修改；第二行是示例，导入前请删除或改成真实数据。',
    '2. 每人一行；有表格字段（如课程成绩）时，每项占一行，同一人的各行“学号/工号”相同，其他个人信息可只填第一行。',
    '3. 保存为 XLSX，或“CSV UTF-8”格式，在“数据导入”页先检查、再导入。',
  ],
  en: [
    'How to fill in this file',
    '1. The first row names the columns; keep it. The second row is an example: delete it or replace it with real data.',
    '2. One row per person; with a table field (such as courses) one row per item, the same student/staff number on each of a person’s rows; other personal details may be filled on the first row only.',
    '3. Save as XLSX or "CSV UTF-8", then check and import it on the data import page.',
  ],
};

/** The import template of a credential type as XLSX bytes. */
export async function importTemplateXlsx(schema: object, lang: Lang): Promise<Buffer> {
  const columns = templateColumns(importColumns(schema as SchemaNode));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(lang === 'zh' ? '数据' : 'Data');
  sheet.addRow(columns.map((c) => c.label[lang]));
  sheet.addRow(columns.map((c) => exampleValue(c.fills[c.fills.length - 1] as ImportColumn, lang)));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  // Text cells: 学号 with leading zeros and dates typed as text stay as typed.
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.max(10, Math.min(30, c.label[lang].length * (lang === 'zh' ? 2.2 : 1.2) + 2));
    col.numFmt = '@';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet(lang === 'zh' ? '说明' : 'Help');
  for (const line of HELP[lang]) help.addRow([line]);
  help.getColumn(1).width = 120;
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
