import { describe, expect, it } from 'vitest';
import { placementOf } from './placement.ts';

describe('placementOf', () => {
  it('needs a click for a page placement', () => {
    expect(placementOf({ placement: 'page' }, null)).toBeNull();
    expect(placementOf({ placement: 'page' }, { page: 2, x: 10, y: 20 })).toEqual({
      kind: 'page',
      page: 2,
      x: 10,
      y: 20,
    });
  });
  it('trims the keyword and defaults to its first occurrence', () => {
    expect(placementOf({ placement: 'keyword', keyword: ' 盖章 ' }, null)).toEqual({
      kind: 'keyword',
      keyword: '盖章',
      occurrence: 'first',
    });
  });
  it('needs nothing more for a cross-page seal', () => {
    expect(placementOf({ placement: 'cross-page' }, { page: 1, x: 1, y: 1 })).toEqual({ kind: 'cross-page' });
  });
});
