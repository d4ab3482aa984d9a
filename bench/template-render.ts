import { bindRecord, compileTemplate } from '@openseal/templates';
import {
  footer,
  generateWithPdfme,
  studentRecord,
  transcriptTemplate,
} from '@openseal/templates/test-support';
import { opsPerSecond, report } from './measure.ts';

/** Renders one-page 40-row transcripts with our generator and with @pdfme/generator (docs/s, one core). */
export async function benchTemplateRender(seconds: number): Promise<void> {
  const compiled = compileTemplate(transcriptTemplate);
  // Different students (names, course order, verification codes), as in a real batch.
  const batch = Array.from({ length: 64 }, (_, i) => ({
    inputs: bindRecord(transcriptTemplate, studentRecord(40, i)),
    footer: { ...footer, code: `7KQ2-${1000 + i}`, qrText: `${footer.url}?n=${i}` },
  }));
  let next = 0;
  const renderNext = async (): Promise<unknown> => {
    const doc = batch[next++ % batch.length]!;
    return compiled.render(doc.inputs, doc.footer, { title: '成绩单 Transcript' });
  };
  report('templates render 40-row transcript', await opsPerSecond(renderNext, { seconds }), 'docs/s');
  const inputs = batch[0]!.inputs;
  report(
    'pdfme generate 40-row transcript',
    await opsPerSecond(() => generateWithPdfme(transcriptTemplate, inputs), { seconds, warmup: 2 }),
    'docs/s',
  );
}
