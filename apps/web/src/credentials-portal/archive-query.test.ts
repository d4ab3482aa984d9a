import { describe, expect, it } from 'vitest';
import { archivePath, filterFromSearch, searchFromFilter } from './archive-query.ts';

describe('filterFromSearch', () => {
  it('keeps the known fields, trimmed', () => {
    const search = new URLSearchParams('person=%20Li%20&status=revoked&jobId=j1&from=2026-01-01&x=1');
    expect(filterFromSearch(search)).toEqual({
      person: 'Li',
      status: 'revoked',
      jobId: 'j1',
      from: '2026-01-01',
    });
  });
  it('drops a status or a date it does not know', () => {
    expect(filterFromSearch(new URLSearchParams('status=lost&to=yesterday&typeCode='))).toEqual({});
  });
});

describe('searchFromFilter', () => {
  it('round-trips and leaves blanks out', () => {
    const filter = { typeCode: 'major-transcript-zh', person: ' ', to: '2026-12-31' };
    expect(searchFromFilter(filter).toString()).toBe('typeCode=major-transcript-zh&to=2026-12-31');
    expect(filterFromSearch(searchFromFilter(filter))).toEqual({
      typeCode: 'major-transcript-zh',
      to: '2026-12-31',
    });
  });
});

describe('archivePath', () => {
  it('asks for one page of the filtered archive', () => {
    expect(archivePath({ jobId: 'j 1', status: 'issued' }, 2, 20)).toBe(
      '/api/archive/credentials?status=issued&jobId=j+1&page=2&pageSize=20',
    );
  });
});
