import { MAX_REQUEST_FILE_BYTES } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { requestFileKind } from './request-file.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('requestFileKind', () => {
  it('previews PDFs by their header, whatever the name', () => {
    expect(requestFileKind('a.pdf', 10, bytes('%PDF-1.7'))).toBe('pdf');
    expect(requestFileKind('scan', 10, bytes('junk%PDF-2.0'))).toBe('pdf');
  });
  it('sends Word, Excel and ODF files for conversion', () => {
    for (const name of ['合同.docx', 'a.DOC', 'b.xlsx', 'c.xls', 'd.odt', 'e.ods']) {
      expect(requestFileKind(name, 10, bytes('PK\u0003\u0004'))).toBe('office');
    }
  });
  it('refuses other files and files over 20 MB', () => {
    expect(requestFileKind('a.png', 10, bytes('\u0089PNG'))).toBe('unsupported');
    expect(requestFileKind('a.pdf', MAX_REQUEST_FILE_BYTES + 1, bytes('%PDF-1.7'))).toBe('tooLarge');
  });
});
