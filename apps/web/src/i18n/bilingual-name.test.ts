import { describe, expect, it } from 'vitest';
import { nameIn } from './bilingual-name.ts';

describe('nameIn', () => {
  it('shows one language of a "中文 English" step name', () => {
    expect(nameIn('部门负责人审批 Head of unit', 'zh-CN')).toBe('部门负责人审批');
    expect(nameIn('部门负责人审批 Head of unit', 'en')).toBe('Head of unit');
    expect(nameIn('印章所属单位负责人审批 Head of the owning unit', 'en')).toBe('Head of the owning unit');
  });
  it('leaves names in one language as they are', () => {
    expect(nameIn('财务处审核', 'en')).toBe('财务处审核');
    expect(nameIn('Finance review', 'zh-CN')).toBe('Finance review');
    expect(nameIn('CET-4 成绩核对', 'en')).toBe('CET-4 成绩核对');
  });
});
