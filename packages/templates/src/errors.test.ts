import { describe, expect, it } from 'vitest';
import { footer, studentRecord, transcriptTemplate } from '../test/transcript-fixture.ts';
import {
  bindRecord,
  type CredentialTemplate,
  compileTemplate,
  TemplateError,
  type TemplateSchema,
} from './index.ts';

function withSchema(patch: Record<string, unknown>, name = 'major'): CredentialTemplate {
  const schemas = transcriptTemplate.schemas[0]!.map((s) =>
    s.name === name ? ({ ...s, ...patch } as unknown as TemplateSchema) : s,
  );
  return { ...transcriptTemplate, schemas: [schemas] };
}

function errorOf(work: () => unknown): TemplateError {
  try {
    work();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('invalid templates', () => {
  it.each([
    [{ type: 'barcode128' }, /schema "major" \(page 1\): unknown type "barcode128"/],
    [{ width: -5 }, /"major".*width and height must be positive/],
    [{ fontSize: Number.NaN }, /"major".*fontSize must be a positive number/],
    [{ fontName: 'Helvetica' }, /"major".*fontName "Helvetica" is not available/],
    [{ fontColor: 'red' }, /"major".*fontColor must be a colour/],
    [{ rotate: 90 }, /"major".*rotation is not supported/],
    [{ position: { x: 1 } }, /"major".*position must be/],
  ])('%j is rejected naming the schema', (patch, message) => {
    const e = errorOf(() => compileTemplate(withSchema(patch)));
    expect(e.code).toBe('ERR_TEMPLATE_INVALID');
    expect(e.message).toMatch(message);
  });

  it('rejects table column widths that do not add up to 100', () => {
    const e = errorOf(() =>
      compileTemplate(withSchema({ headWidthPercentages: [50, 14, 14, 20] }, 'courses')),
    );
    expect(e.code).toBe('ERR_TEMPLATE_INVALID');
    expect(e.message).toMatch(/"courses".*add up to 100, got 98/);
  });

  it('rejects bad static content: table rows, variable values, images', () => {
    const table = errorOf(() => compileTemplate(withSchema({ content: '[["a", 1]]' }, 'courses')));
    expect(table.message).toMatch(/"courses".*content must be JSON rows/);
    const mvt = errorOf(() => compileTemplate(withSchema({ content: 'name' }, 'student')));
    expect(mvt.message).toMatch(/"student".*JSON object of variable values/);
    const image = errorOf(() =>
      compileTemplate(withSchema({ type: 'image', content: 'data:image/gif;base64,R0lG' })),
    );
    expect(image.code).toBe('ERR_TEMPLATE_INVALID');
    expect(image.message).toMatch(/"major".*PNG or JPEG data URL/);
  });

  it('rejects duplicate names and a bad page', () => {
    expect(errorOf(() => compileTemplate(withSchema({ name: 'summary' }))).message).toMatch(
      /"summary".*used twice/,
    );
    const bad = { ...transcriptTemplate, basePdf: { width: 210, height: 0, padding: [0, 0, 0, 0] } };
    expect(errorOf(() => compileTemplate(bad as CredentialTemplate)).code).toBe('ERR_TEMPLATE_INVALID');
  });

  it('rejects a static text the font cannot draw, when compiling', () => {
    const e = errorOf(() => compileTemplate(withSchema({ readOnly: true, content: 'Grüße 🎓' })));
    expect(e.code).toBe('ERR_TEMPLATE_GLYPH');
    expect(e.message).toMatch(/Field "major".*U\+1F393/);
  });
});

describe('inputs', () => {
  const compiled = compileTemplate(transcriptTemplate);

  it('names the code point and the field of a character outside the font', () => {
    const inputs = bindRecord(transcriptTemplate, { ...studentRecord(3), major: '专业 \u{2F81A}' });
    const e = errorOf(() => compiled.render(inputs, footer));
    expect(e.code).toBe('ERR_TEMPLATE_GLYPH');
    expect(e.message).toContain('Field "major"');
    expect(e.message).toContain('U+2F81A');
  });

  it('finds missing glyphs in table cells and in the footer too', () => {
    const inputs = bindRecord(transcriptTemplate, studentRecord(3));
    const rows = [['\u{1F600}', '1', 'A', 'x']];
    expect(errorOf(() => compiled.render({ ...inputs, courses: rows }, footer)).message).toMatch(
      /Field "courses".*U\+1F600/,
    );
    expect(errorOf(() => compiled.render(inputs, { ...footer, code: '\u{1F600}' })).code).toBe(
      'ERR_TEMPLATE_GLYPH',
    );
  });

  it('rejects table rows of the wrong width and non-string text', () => {
    const inputs = bindRecord(transcriptTemplate, studentRecord(3));
    const e = errorOf(() => compiled.render({ ...inputs, courses: [['only one cell']] }, footer));
    expect(e.code).toBe('ERR_TEMPLATE_INPUT');
    expect(e.message).toMatch(/"courses" row 1 has 1 cells; the table has 4 columns/);
    expect(errorOf(() => compiled.render({ ...inputs, major: [['x']] }, footer)).code).toBe(
      'ERR_TEMPLATE_INPUT',
    );
  });
});

describe('bindRecord', () => {
  it('maps a record to pdfme inputs', () => {
    const inputs = bindRecord(transcriptTemplate, {
      name: '李四',
      studentId: 20230002,
      summary: 3.5,
      courses: [
        { course: '高等数学', credits: 4, grade: 'A', term: '2024 秋' },
        ['线性代数', '3', 'B', '2025 春'],
      ],
    });
    expect(inputs).toEqual({
      student: '{"name":"李四","studentId":"20230002"}',
      major: '',
      summary: '3.5',
      courses: [
        ['高等数学', '4', 'A', '2024 秋'],
        ['线性代数', '3', 'B', '2025 春'],
      ],
    });
  });

  it('reads multiVariableText values from record[name] when it is an object', () => {
    const inputs = bindRecord(transcriptTemplate, { student: { name: '王五', studentId: 'S-9' } });
    expect(inputs.student).toBe('{"name":"王五","studentId":"S-9"}');
  });

  it('refuses values that have no text form', () => {
    const e = errorOf(() => bindRecord(transcriptTemplate, { major: { nested: true } }));
    expect(e.code).toBe('ERR_TEMPLATE_INPUT');
    expect(e.message).toContain('"major"');
  });
});
