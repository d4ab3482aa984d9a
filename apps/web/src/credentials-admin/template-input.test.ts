import type { CredentialTemplateDetail } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { BLANK_TEMPLATE, formValuesOf, slotRoles, templateInput } from './template-input.ts';

const detail: CredentialTemplateDetail = {
  id: 't1',
  code: 'transcript-major-zh',
  name: { zh: '成绩单', en: 'Transcript' },
  audience: 'student',
  language: 'zh',
  ownerUnitId: 'u1',
  seals: [
    { role: 'issuer', sealId: 's1' },
    { role: 'counter', sealId: 's2' },
  ],
  requiresApproval: true,
  retentionYears: 50,
  active: true,
  version: 3,
  updatedAt: '2026-01-01T00:00:00.000Z',
  template: BLANK_TEMPLATE,
  dataSchema: { type: 'object' },
};

describe('template form values', () => {
  it('round-trip a detail into the same PUT body', () => {
    const input = templateInput(formValuesOf(detail), detail.template, detail.dataSchema);
    const { id, version, updatedAt, ...rest } = detail;
    expect(input).toEqual(rest);
  });

  it('drop the counter-seal when none is chosen and trim the names', () => {
    const values = { ...formValuesOf(detail), counterSealId: undefined, nameZh: ' 成绩单 ' };
    const input = templateInput(values, detail.template, {});
    expect(input.seals).toEqual([{ role: 'issuer', sealId: 's1' }]);
    expect(input.name.zh).toBe('成绩单');
  });
});

describe('slotRoles', () => {
  it('lists the seal roles the canvas has slots for', () => {
    expect([...slotRoles(BLANK_TEMPLATE)]).toEqual(['issuer']);
  });
});
