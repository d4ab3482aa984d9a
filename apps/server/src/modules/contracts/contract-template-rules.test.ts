import type { ContractTemplateField } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { boxPlacement } from './contract-placement.ts';
import { dataProblems, generationRecord } from './contract-template-rules.ts';

const fields: ContractTemplateField[] = [
  { name: 'name', kind: 'text', label: '姓名', required: true, maxLength: 4 },
  { name: 'start', kind: 'date', label: '开课', required: false },
  { name: 'agree', kind: 'checkbox', label: '同意', required: true },
  { name: 'sig', kind: 'signature', role: 'student' },
  { name: 'signedOn', kind: 'date', role: 'student' },
];

describe('contract template rules', () => {
  it("places a signature at its box's centre, in points up from the page's foot", () => {
    // A4 (297 mm): a 60 × 30 mm box at (120, 220) mm has its centre at 150 mm, 235 mm from the top.
    expect(boxPlacement({ page: 1, position: { x: 120, y: 220 }, width: 60, height: 30 }, 297)).toEqual({
      kind: 'page',
      page: 1,
      x: 425.2,
      y: 175.75,
    });
  });

  it('names each field the data misses, gives the wrong kind of, or overfills', () => {
    expect(dataProblems(fields, { agree: true, name: '示范学生' })).toEqual([]);
    expect(dataProblems(fields, { name: '', agree: false })).toEqual([
      'data.name: 姓名 is required',
      'data.agree: 同意 is required',
    ]);
    expect(
      dataProblems(fields, { name: '示范学生同学', start: '2026-13-01', agree: 'yes', sig: 'x' }),
    ).toEqual([
      'data.sig: the template has no data field called sig',
      'data.name: 姓名 takes at most 4 characters',
      'data.start: 开课 takes a date, YYYY-MM-DD',
      'data.agree: 同意 takes true or false',
    ]);
    expect(dataProblems(fields, { name: 42, agree: true })).toEqual(['data.name: 姓名 takes text']);
  });

  it('prints data, ticks a checkbox and leaves the signature and signing-date boxes empty', () => {
    expect(generationRecord(fields, { name: '示范', agree: true })).toEqual({
      name: '示范',
      start: '',
      agree: '√',
      sig: '',
      signedOn: '',
    });
  });
});
