import { describe, expect, it } from 'vitest';
import { subjectProblem } from './subject-rule.ts';

describe('subjectProblem', () => {
  it('accepts student and staff numbers, Chinese names and dotted ids', () => {
    for (const s of ['2023010101', 'T-0042', 'zhang.san', '张三', 'a.b.c'])
      expect(subjectProblem(s)).toBeNull();
  });

  it('refuses path parts, NUL and other control characters, markup and padding', () => {
    for (const s of ['../etc', 'a/b', 'a\\b', 'x..y', 'a\u0000b', 'a\nb', '<script>', 'a>b', ' a', 'a '])
      expect(subjectProblem(s), JSON.stringify(s)).not.toBeNull();
  });
});
