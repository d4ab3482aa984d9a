import { describe, expect, it } from 'vitest';
import { sealWarningsOf } from './seal-warnings.ts';

describe('seal warnings', () => {
  it('reads the known codes of the x-seal-warning header and drops unknown ones', () => {
    const headers = new Headers({ 'x-seal-warning': 'new-field-after-certification, from-the-future' });
    expect(sealWarningsOf(headers)).toEqual(['new-field-after-certification']);
  });

  it('is empty without the header', () => {
    expect(sealWarningsOf(new Headers())).toEqual([]);
  });
});
