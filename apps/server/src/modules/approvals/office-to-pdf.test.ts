import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText } from '@openseal/pdf-sign';
import { afterAll, describe, expect, it } from 'vitest';
import { officeFormat, officeToPdf } from './office-to-pdf.ts';

const hasSoffice = existsSync('/usr/bin/soffice');
const dir = mkdtempSync(join(tmpdir(), 'openseal-office-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Real office files, made by LibreOffice itself from HTML and CSV. */
function officeFile(source: string, content: string, to: string): Buffer {
  writeFileSync(join(dir, source), content);
  execFileSync('soffice', [
    `-env:UserInstallation=file://${join(dir, 'profile')}`,
    '--headless',
    '--convert-to',
    to,
    '--outdir',
    dir,
    join(dir, source),
  ]);
  return readFileSync(join(dir, source.replace(/\.\w+$/, `.${to.split(':')[0]}`)));
}

describe.skipIf(!hasSoffice)('office documents to PDF (LibreOffice headless)', () => {
  it('converts a Word document with Chinese text and an Excel sheet', async () => {
    const docx = officeFile(
      'letter.html',
      '<p>关于合作办学的函 Letter of cooperation</p>',
      'docx:MS Word 2007 XML',
    );
    expect(officeFormat('关于合作办学的函.docx', docx)).toBe('docx');
    const pdf = await officeToPdf(docx, 'docx');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect((await extractText(pdf)).replace(/\s/g, '')).toContain('关于合作办学的函');

    const xlsx = officeFile('budget.csv', '项目,金额\n设备,120000\n', 'xlsx:Calc MS Excel 2007 XML');
    expect(officeFormat('budget.xlsx', xlsx)).toBe('xlsx');
    expect((await extractText(await officeToPdf(xlsx, 'xlsx'))).replace(/\s/g, '')).toContain('120000');
  }, 60_000);

  it('takes only office formats whose bytes match their extension, and refuses what LibreOffice cannot read', async () => {
    expect(officeFormat('x.exe', Buffer.from('MZ'))).toBeNull();
    expect(officeFormat('fake.docx', Buffer.from('not a zip at all'))).toBeNull();
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
    expect(officeFormat('broken.docx', broken)).toBe('docx');
    await expect(officeToPdf(broken, 'docx')).rejects.toMatchObject({ code: 'ERR_REQUEST_FILE_INVALID' });
  }, 60_000);
});
