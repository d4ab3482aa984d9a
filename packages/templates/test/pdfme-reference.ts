import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin, Template } from '@pdfme/common';
import { generate } from '@pdfme/generator';
import { barcodes, image, line, multiVariableText, rectangle, table, text } from '@pdfme/schemas';
import type { CredentialTemplate, RenderInputs } from '../src/index.ts';

// The real @pdfme/generator on our templates: the compatibility check (our JSON is pdfme JSON) and
// the speed reference of the benchmark.

const require = createRequire(import.meta.url);
const fontBytes = (file: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/noto-serif-sc/${file}`)));

const font = {
  NotoSerifSC: { data: fontBytes('400Regular/NotoSerifSC_400Regular.ttf'), fallback: true },
  'NotoSerifSC-Bold': { data: fontBytes('700Bold/NotoSerifSC_700Bold.ttf') },
};

// The web Designer registers a sealSlot plugin; for generation it draws nothing.
const sealSlot = {
  pdf: () => undefined,
  ui: () => undefined,
  propPanel: {
    schema: {},
    defaultSchema: { name: '', type: 'sealSlot', position: { x: 0, y: 0 }, width: 30, height: 30 },
  },
} as unknown as Plugin;

const plugins = { text, multiVariableText, table, image, line, rectangle, qrcode: barcodes.qrcode, sealSlot };

/** pdfme wants every input as a string; tables as JSON of their rows. */
export function pdfmeInputs(inputs: RenderInputs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

export function generateWithPdfme(template: CredentialTemplate, inputs: RenderInputs): Promise<Uint8Array> {
  return generate({
    template: template as unknown as Template,
    inputs: [pdfmeInputs(inputs)],
    options: { font },
    plugins,
  });
}
