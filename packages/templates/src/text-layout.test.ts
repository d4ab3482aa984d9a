import { describe, expect, it } from 'vitest';
import { fontFace } from './font-faces.ts';
import { FontSubset } from './font-subset.ts';
import { placeLines, type ResolvedTextStyle, textOps, wrapText } from './text-layout.ts';

const style: ResolvedTextStyle = {
  face: fontFace('NotoSerifSC'),
  size: 10,
  lineHeight: 1.5,
  characterSpacing: 0,
  color: '0 0 0',
  alignment: 'left',
  verticalAlignment: 'top',
};
const text = (lines: { cps: number[] }[]): string[] => lines.map((l) => String.fromCodePoint(...l.cps));
const width = (s: string): number =>
  Array.from(s).reduce((w, c) => w + style.face.advance(c.codePointAt(0)!) * 10, 0);

describe('wrapText', () => {
  it('breaks CJK text between any two characters', () => {
    // Noto Serif SC ideographs are 1 em wide: 3 fit in 30 pt.
    expect(text(wrapText('高等数学线性代数', style, 30))).toEqual(['高等数', '学线性', '代数']);
  });

  it('breaks Latin text at spaces, and a word wider than the box between characters', () => {
    const box = width('Academic Transcript');
    expect(text(wrapText('Academic Transcript Record', style, box))).toEqual([
      'Academic Transcript',
      'Record',
    ]);
    expect(text(wrapText('Supercalifragilistic', style, width('Supercali')))).toEqual([
      'Supercali',
      'fragilisti',
      'c',
    ]);
  });

  it('keeps a Latin word whole next to CJK and honours forced breaks', () => {
    expect(text(wrapText('姓名 Name\n张三', style, 200))).toEqual(['姓名 Name', '张三']);
    expect(text(wrapText('课程Course', style, width('课程Cou')))).toEqual(['课程', 'Course']);
  });
});

describe('placeLines', () => {
  it('aligns lines and centres the block vertically', () => {
    const lines = wrapText('张三\n李四五', style, 100);
    const block = placeLines(lines, { ...style, alignment: 'right', verticalAlignment: 'middle' }, 100, 50);
    expect(block.runs.map((r) => r.x)).toEqual([80, 70]);
    // Two lines of 15 pt in a 50 pt box: 10 pt free above; each 10 pt em box centred in its line.
    expect(block.runs[0]!.baseline).toBeCloseTo(10 + 2.5 + 10 * style.face.ascent, 6);
    expect(block.runs[1]!.baseline - block.runs[0]!.baseline).toBeCloseTo(15, 6);
  });

  it('justifies every line of a paragraph but its last', () => {
    const lines = wrapText('高等数学线性代数', style, 35);
    const block = placeLines(lines, { ...style, alignment: 'justify' }, 35, 100);
    expect(block.runs.map((r) => r.tc)).toEqual([2.5, 2.5, 0]);
  });
});

describe('textOps', () => {
  it('encodes subset glyph ids and leaves the character spacing at 0 after the block', () => {
    const spaced = { ...style, characterSpacing: 1 };
    const block = placeLines(wrapText('张三', spaced, 100), spaced, 100, 20);
    const ops = textOps(block, 10, 800, new FontSubset(style.face), '/F1');
    expect(ops).toContain('/F1 10 Tf 0 0 0 rg\n1 Tc 1 0 0 1 10 ');
    expect(ops).toContain('<00010002> Tj');
    expect(ops.endsWith('0 Tc ET\n')).toBe(true);
  });
});
