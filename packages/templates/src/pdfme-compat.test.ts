import { describe, expect, it } from 'vitest';
import { run, writeTemp } from '../test/pdf-tools.ts';
import { generateWithPdfme } from '../test/pdfme-reference.ts';
import { footer, studentRecord } from '../test/transcript-fixture.ts';
import { transcriptWithLogo } from '../test/transcript-with-logo.ts';
import { bindRecord, compileTemplate } from './index.ts';

// Our templates are pdfme templates: the real @pdfme/generator takes the same JSON and inputs.

describe('pdfme compatibility', () => {
  const template = transcriptWithLogo({
    name: 'verifyQr',
    type: 'qrcode',
    position: { x: 175, y: 30 },
    width: 20,
    height: 20,
    content: 'https://verify.example.edu.cn',
  });
  const inputs = bindRecord(template, studentRecord(40));

  it('@pdfme/generator renders our template and inputs', async () => {
    const pdf = await generateWithPdfme(template, inputs);
    const text = run('pdftotext', [writeTemp(pdf).file, '-']).stdout;
    expect(text).toContain('张三');
    expect(text).toContain('高等数学 1');
  });

  it('we render the same template and inputs', () => {
    const doc = compileTemplate(template).render(inputs, footer);
    const text = run('pdftotext', [writeTemp(doc.pdf).file, '-']).stdout;
    expect(text).toContain('张三');
    expect(text).toContain('高等数学 1');
  });
});
