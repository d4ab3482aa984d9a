import { AppError } from '../../errors.ts';
import type { DirectorySnapshot, SourcePerson, SourceUnit } from './directory-source.ts';

const UNIT_HEADER = ['code', 'name_zh', 'name_en', 'parent_code'] as const;
const PEOPLE_HEADER = ['campus_id', 'name', 'email', 'phone', 'unit_code'] as const;

/**
 * Splits RFC 4180 CSV into rows of fields with the line each row starts on. Strict: a quote inside an
 * unquoted field or an unterminated quoted field is an error naming its line.
 */
function csvRows(text: string, file: string, problems: string[]): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  const src = text.replace(/^\uFEFF/, '');
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        i++;
        for (;;) {
          if (i >= src.length) {
            problems.push(`${file} line ${start}: a quoted field is not closed`);
            return rows;
          }
          if (src[i] === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (src[i] === '\n') line++;
          field += src[i++];
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          problems.push(`${file} line ${line}: text after a closing quote`);
        }
        while (i < src.length && src[i] !== ',' && src[i] !== '\n') i++;
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          if (src[i] === '"') problems.push(`${file} line ${line}: a quote inside an unquoted field`);
          field += src[i++];
        }
        if (src[i] === '\r') i++;
      }
      fields.push(field.trim());
      if (src[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === '\n') {
      i++;
      line++;
    }
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: start, fields });
  }
  return rows;
}

function table<const H extends readonly string[]>(
  text: string,
  file: string,
  header: H,
  problems: string[],
): { line: number; row: Record<H[number], string> }[] {
  const rows = csvRows(text, file, problems);
  const head = rows.shift();
  if (!head || head.fields.join(',') !== header.join(',')) {
    problems.push(`${file} line 1: the header must be ${header.join(',')}`);
    return [];
  }
  const out: { line: number; row: Record<H[number], string> }[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== header.length) {
      problems.push(`${file} line ${line}: ${fields.length} fields, expected ${header.length}`);
      continue;
    }
    out.push({
      line,
      row: Object.fromEntries(header.map((h, k) => [h, fields[k]])) as Record<H[number], string>,
    });
  }
  return out;
}

/**
 * units.csv (code,name_zh,name_en,parent_code) and people.csv (campus_id,name,email,phone,unit_code),
 * parsed strictly: every problem is collected with its file and line, and any problem refuses the
 * whole import (ERR_DIRECTORY_CSV), so a half-read file never reaches the database.
 */
export function parseDirectoryCsv(unitsCsv: string, peopleCsv: string): DirectorySnapshot {
  const problems: string[] = [];
  const units: SourceUnit[] = [];
  for (const { line, row } of table(unitsCsv, 'units.csv', UNIT_HEADER, problems)) {
    if (!row.code || !row.name_zh) {
      problems.push(`units.csv line ${line}: code and name_zh are required`);
      continue;
    }
    units.push({
      code: row.code,
      nameZh: row.name_zh,
      nameEn: row.name_en || row.name_zh,
      parentCode: row.parent_code || null,
    });
  }
  const people: SourcePerson[] = [];
  for (const { line, row } of table(peopleCsv, 'people.csv', PEOPLE_HEADER, problems)) {
    if (!row.campus_id || !row.name || !row.unit_code) {
      problems.push(`people.csv line ${line}: campus_id, name and unit_code are required`);
      continue;
    }
    if (row.email && !/^[^@\s]+@[^@\s]+$/.test(row.email)) {
      problems.push(`people.csv line ${line}: email "${row.email}" is not an address`);
      continue;
    }
    people.push({
      campusId: row.campus_id,
      name: row.name,
      email: row.email || null,
      phone: row.phone || null,
      unitCode: row.unit_code,
    });
  }
  if (problems.length > 0) throw new AppError('ERR_DIRECTORY_CSV', problems.join('; '), problems);
  return { units, people };
}
