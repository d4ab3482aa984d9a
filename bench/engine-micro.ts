// The engine's small steps on one core: parsing a PDF and drawing a new seal. They used to be timed
// assertions in the unit tests; a figure here says the same without failing on a busy machine.
import { buildSealAppearance, PdfDocument } from '@openseal/pdf-sign';
import { opsPerSecond, report } from './measure.ts';
import { samplePdf } from './sample-pdfs.ts';

export async function benchEngineMicro(seconds: number): Promise<void> {
  const one = await samplePdf(1);
  const fifty = await samplePdf(50);
  const parse1 = await opsPerSecond(async () => PdfDocument.parse(one).pages(), { seconds, warmup: 300 });
  report('parse + page tree 1-page', 1e6 / parse1, 'µs');
  const parse50 = await opsPerSecond(async () => PdfDocument.parse(fifty).pages(), { seconds, warmup: 50 });
  report('parse + page tree 50-page', 1e6 / parse50, 'µs');
  // Every drawing is of a seal not seen before (memoised seals cost nothing): a new school's first seal.
  let n = 0;
  const draw = await opsPerSecond(
    async () =>
      buildSealAppearance({
        kind: 'round',
        orgName: '北方理工学院',
        sealName: '合同专用章',
        code: `44010600${n++}`,
      }),
    { seconds, warmup: 5 },
  );
  report('new round seal drawing', 1e6 / draw, 'µs');
}
