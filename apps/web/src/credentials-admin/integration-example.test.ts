import { describe, expect, it } from 'vitest';
import { curlExample } from './integration-example.ts';

describe('curlExample', () => {
  it('PUTs a sample record of the type to its record URL with the bearer key', () => {
    const text = curlExample('https://seal.example.edu', 'transcript-major-zh', {
      type: 'object',
      properties: { major: { type: 'string' } },
    });
    expect(text).toContain(
      "curl -X PUT 'https://seal.example.edu/api/integration/records/transcript-major-zh/2022010001'",
    );
    expect(text).toContain('Authorization: Bearer $OPENSEAL_API_KEY');
    const json = text.slice(text.indexOf("--data '") + 8, -1);
    expect(JSON.parse(json)).toEqual({
      subject: '2022010001',
      subjectName: '张三',
      cohort: '2026',
      data: { major: '<major>' },
    });
  });

  it('escapes single quotes for the shell', () => {
    const text = curlExample('http://x', 't1', {
      type: 'object',
      properties: { "o'neil": { type: 'string' } },
    });
    expect(text).toContain(`"o'\\''neil"`);
  });
});
