import type { ContractTemplateDetail } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { contractTemplateInput, elementNames, templateFormValues } from './contract-template-input.ts';

const template = {
  basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
  schemas: [
    [
      { name: 'heading', type: 'text', readOnly: true },
      { name: 'studentName', type: 'text' },
      { name: 'sig', type: 'text' },
    ],
  ],
};

const detail: ContractTemplateDetail = {
  id: 't1',
  name: '课程协议',
  ownerUnitId: 'u1',
  active: true,
  version: 3,
  updatedAt: '2026-09-01T00:00:00.000Z',
  manageable: true,
  template,
  roles: [
    { key: 'student', kind: 'person', label: '学生', custody: 'event', identity: 'real-name' },
    { key: 'school', kind: 'organization', label: '学校', sealId: 's1' },
  ],
  fields: [
    { name: 'studentName', kind: 'text', label: '姓名', required: true, maxLength: 50 },
    { name: 'sig', kind: 'signature', role: 'student' },
    { name: 'signedOn', kind: 'date', role: 'student' },
    { name: 'seal', kind: 'seal', role: 'school' },
  ],
};

describe('contract template editor values', () => {
  it('round-trips a stored template; a role date is a signing date in the editor', () => {
    const values = templateFormValues(detail);
    expect(values.fields.map((f) => f.kind)).toEqual(['text', 'signature', 'signingDate', 'seal']);
    const input = contractTemplateInput(values, template);
    expect(input.roles).toEqual(detail.roles);
    expect(input.fields).toEqual([
      { name: 'studentName', kind: 'text', label: '姓名', required: true, maxLength: 50 },
      { name: 'sig', kind: 'signature', role: 'student' },
      { name: 'signedOn', kind: 'date', role: 'student' },
      { name: 'seal', kind: 'seal', role: 'school' },
    ]);
  });

  it('offers only the elements that are not fixed text', () => {
    expect(elementNames(template)).toEqual(['studentName', 'sig']);
  });
});
