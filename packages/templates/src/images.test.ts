import { describe, expect, it } from 'vitest';
import { darkPixels, mutoolErrors, rasterize, run, writeTemp } from '../test/pdf-tools.ts';
import { jpegDataUrl } from '../test/sample-images.ts';
import { footer, studentRecord, transcriptTemplate } from '../test/transcript-fixture.ts';
import { transcriptWithLogo } from '../test/transcript-with-logo.ts';
import { bindRecord, compileTemplate } from './index.ts';

const MM = 72 / 25.4;

describe('images', () => {
  const template = transcriptWithLogo({
    name: 'photo',
    type: 'image',
    position: { x: 170, y: 30 },
    width: 25,
    height: 18,
    content: '',
  });
  const compiled = compileTemplate(template);
  const photo = jpegDataUrl(compileTemplate(transcriptTemplate).render({}, footer).pdf);
  const inputs = { ...bindRecord(template, studentRecord(60)), photo };
  const doc = compiled.render(inputs, footer);
  const { file } = writeTemp(doc.pdf);

  it('embeds a PNG with its alpha as an SMask and a JPEG as DCTDecode, once per document', () => {
    const list = run('pdfimages', ['-list', file]).stdout;
    expect(list).toMatch(/image\s+40\s+40\s+rgb\s+3\s+8\s+image/);
    expect(list).toMatch(/smask\s+40\s+40\s+gray\s+1\s+8\s+image/);
    expect(list).toMatch(/jpeg/);
    expect(doc.pageCount).toBe(2);
    const pdf = Buffer.from(doc.pdf).toString('latin1');
    expect(pdf.match(/\/Subtype\/Image/g)).toHaveLength(3);
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    expect(mutoolErrors(file)).toBe('');
  });

  it('draws the opaque part of the PNG and leaves its transparent border clear', () => {
    const { pages } = rasterize(file, 72);
    const side = 15 * MM;
    // Opaque centre: 24/40 of the side, from 8/40 in.
    const centre = { x: 15 * MM + side * 0.25, y: 12 * MM + side * 0.25, w: side * 0.5, h: side * 0.5 };
    expect(darkPixels(pages[0]!, 72, centre)).toBeGreaterThan(0.9 * centre.w * centre.h);
    expect(darkPixels(pages[0]!, 72, { x: 15 * MM, y: 12 * MM, w: side * 0.15, h: side * 0.15 })).toBe(0);
  });
});
