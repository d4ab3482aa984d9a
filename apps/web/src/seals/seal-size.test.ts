import { describe, expect, it } from 'vitest';
import { PT_PER_MM, sealSizeMm } from './seal-size.ts';

describe('sealSizeMm', () => {
  it('gives the engine sizes of drawn seals', () => {
    expect(sealSizeMm({ kind: 'round', orgName: '示范大学' })).toEqual({ width: 42, height: 42 });
    expect(sealSizeMm({ kind: 'oval', orgName: '示范大学' })).toEqual({ width: 45, height: 30 });
    expect(sealSizeMm({ kind: 'square', personName: '张三' })).toEqual({ width: 20, height: 20 });
  });
  it('keeps an uploaded image at its width and aspect ratio', () => {
    expect(sealSizeMm({ kind: 'image', widthMm: 40 }, 0.5)).toEqual({ width: 40, height: 20 });
  });
  it('converts millimetres to points', () => {
    expect(42 * PT_PER_MM).toBeCloseTo(119.06, 2);
  });
});
