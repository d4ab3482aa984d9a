import ExcelJS from 'exceljs';
import { csvField } from './job-zip.ts';

// The list a registrar mails out or files with a batch: who got which document, its number and
// verification code, and the file's name inside the ZIP. The same rows as CSV and XLSX.

export interface ManifestRow {
  subjectName: string;
  subject: string;
  publicId: string;
  /** As printed on the document (XXXX-XXXX). */
  code: string;
  file: string;
}

/** 学号 for a student type, 工号 for a staff type. */
function header(audience: 'student' | 'staff'): string[] {
  return ['姓名', audience === 'student' ? '学号' : '工号', '文件编号', '验证码', '文件名'];
}

const cells = (r: ManifestRow) => [r.subjectName, r.subject, r.publicId, r.code, r.file];

/** RFC 4180 with a UTF-8 BOM, so spreadsheet programs read the Chinese names correctly. */
export function manifestCsv(rows: readonly ManifestRow[], audience: 'student' | 'staff'): Buffer {
  const lines = [header(audience), ...rows.map(cells)].map((c) => c.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function manifestXlsx(
  rows: readonly ManifestRow[],
  audience: 'student' | 'staff',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('清单');
  sheet.addRow(header(audience)).font = { bold: true };
  for (const r of rows) sheet.addRow(cells(r));
  // Text, so 学号 keep their leading zeros and are never shown as 2.026E+09.
  [12, 16, 12, 12, 36].forEach((width, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = width;
    col.numFmt = '@';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
