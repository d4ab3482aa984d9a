import type { ContractTemplateDetail } from '@openseal/contract';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { generationParts } from './template-contract-values.ts';

const detail: Pick<ContractTemplateDetail, 'fields' | 'roles'> = {
  roles: [
    { key: 'student', kind: 'person', label: '学生' },
    { key: 'school', kind: 'organization', label: '学校', sealId: 'seal-1' },
  ],
  fields: [
    { name: 'name', kind: 'text', label: '姓名', required: true },
    { name: 'start', kind: 'date', label: '开课', required: true },
    { name: 'agree', kind: 'checkbox', label: '同意', required: false },
    { name: 'note', kind: 'text', label: '备注', required: false },
    { name: 'sig', kind: 'signature', role: 'student' },
    { name: 'signedOn', kind: 'date', role: 'student' },
  ],
};

describe('generationParts', () => {
  it('trims text, writes dates as days, ticks checkboxes, leaves blanks out and maps each role', () => {
    expect(
      generationParts(detail, {
        data: { name: ' 示范学生 ', start: dayjs('2026-09-14'), note: '  ', sig: 'ignored' },
        roles: { student: ' student ', school: null },
      }),
    ).toEqual({
      data: { name: '示范学生', start: '2026-09-14', agree: false },
      parties: [{ role: 'student', username: 'student' }, { role: 'school' }],
    });
  });

  it('an organisation role takes the seal chosen over its default', () => {
    expect(generationParts(detail, { roles: { school: 'seal-2' } }).parties).toEqual([
      { role: 'student' },
      { role: 'school', sealId: 'seal-2' },
    ]);
  });
});
