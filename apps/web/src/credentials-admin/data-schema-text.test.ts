import { describe, expect, it } from 'vitest';
import { parseDataSchema, sampleRecord } from './data-schema-text.ts';

describe('parseDataSchema', () => {
  it('accepts an object schema with the supported field types', () => {
    const text = JSON.stringify({
      type: 'object',
      properties: {
        major: { type: 'string' },
        gpa: { type: 'number' },
        courses: { type: 'array', items: { type: 'object', properties: { credits: { type: 'integer' } } } },
      },
    });
    const parsed = parseDataSchema(text);
    expect(parsed.ok).toBe(true);
  });

  it('names the JSON syntax error', () => {
    const parsed = parseDataSchema('{"type": "object",');
    expect(parsed).toMatchObject({ ok: false, problem: { kind: 'json' } });
  });

  it('refuses a root that is not an object schema', () => {
    expect(parseDataSchema('[]')).toEqual({ ok: false, problem: { kind: 'notObject' } });
    expect(parseDataSchema('{"type":"string"}')).toEqual({ ok: false, problem: { kind: 'notObject' } });
  });

  it('names the path of an unsupported field type, inside arrays too', () => {
    const text = JSON.stringify({
      type: 'object',
      properties: {
        courses: { type: 'array', items: { type: 'object', properties: { at: { type: 'date' } } } },
      },
    });
    expect(parseDataSchema(text)).toEqual({
      ok: false,
      problem: { kind: 'fieldType', path: 'courses[].at', type: '"date"' },
    });
  });
});

describe('sampleRecord', () => {
  it('fills each property with a placeholder of its type', () => {
    expect(
      sampleRecord({
        type: 'object',
        properties: {
          major: { type: 'string' },
          credits: { type: 'integer' },
          graduated: { type: 'boolean' },
          courses: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      }),
    ).toEqual({ major: '<major>', credits: 1, graduated: true, courses: [{ name: '<name>' }] });
  });
});
