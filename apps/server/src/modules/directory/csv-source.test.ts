import { describe, expect, it } from 'vitest';
import { parseDirectoryCsv } from './csv-source.ts';

const UNITS = 'code,name_zh,name_en,parent_code\n';
const PEOPLE = 'campus_id,name,email,phone,unit_code\n';

function problems(units: string, people: string): readonly string[] {
  try {
    parseDirectoryCsv(units, people);
  } catch (err) {
    expect((err as { code: string }).code).toBe('ERR_DIRECTORY_CSV');
    return (err as { details: readonly string[] }).details;
  }
  throw new Error('expected ERR_DIRECTORY_CSV');
}

describe('directory CSV', () => {
  it('reads quoted commas, doubled quotes, CRLF and a byte-order mark', () => {
    const snapshot = parseDirectoryCsv(
      `\uFEFF${UNITS}"LAW","法学院","School of Law, Politics",\r\nLAW-1,"""国际法""系",,LAW\r\n`,
      `${PEOPLE}L001,周同学,l001@school.test,,LAW-1\n`,
    );
    expect(snapshot.units).toEqual([
      { code: 'LAW', nameZh: '法学院', nameEn: 'School of Law, Politics', parentCode: null },
      { code: 'LAW-1', nameZh: '"国际法"系', nameEn: '"国际法"系', parentCode: 'LAW' },
    ]);
    expect(snapshot.people).toEqual([
      { campusId: 'L001', name: '周同学', email: 'l001@school.test', phone: null, unitCode: 'LAW-1' },
    ]);
  });

  it('names every problem by file and line, counting lines inside quoted fields', () => {
    expect(problems(`${UNITS}A,"甲\n单位",A unit,\nB,,B unit,\n`, `campus_id,name\n`)).toEqual([
      'units.csv line 4: code and name_zh are required',
      'people.csv line 1: the header must be campus_id,name,email,phone,unit_code',
    ]);
    expect(problems(UNITS, `${PEOPLE}P1,Ann,not-an-address,,A\nP2,Bo"b,,,A\nP3,"Cy,,,A\n`)).toEqual([
      // Problems in the CSV syntax come first, then those in the rows' values.
      'people.csv line 3: a quote inside an unquoted field',
      'people.csv line 4: a quoted field is not closed',
      'people.csv line 2: email "not-an-address" is not an address',
    ]);
  });
});
