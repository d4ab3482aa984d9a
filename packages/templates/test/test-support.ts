// `@openseal/templates/test-support`: the fixtures the benchmarks share with this package's tests: a
// one-page transcript template with its records, and the same rendering through @pdfme/generator.
export { generateWithPdfme, pdfmeInputs } from './pdfme-reference.ts';
export { courseRows, footer, studentRecord, transcriptTemplate } from './transcript-fixture.ts';
