import { describe, expect, it } from 'vitest';
import { darkPixels, mutoolErrors, rasterize, run, writeTemp } from '../test/pdf-tools.ts';
import { footer, studentRecord, transcriptTemplate } from '../test/transcript-fixture.ts';
import {
  bindRecord,
  type CredentialTemplate,
  compileTemplate,
  FOOTER_HEIGHT_MM,
  type RenderedDocument,
} from './index.ts';

const MM = 72 / 25.4;
const compiled = compileTemplate(transcriptTemplate);

function render(rows: number): RenderedDocument {
  return compiled.render(bindRecord(transcriptTemplate, studentRecord(rows)), footer, {
    title: '成绩单 张三',
    lang: 'zh-CN',
  });
}

function expectReadable(file: string, pageCount: number): void {
  expect(run('qpdf', ['--check', file]).status).toBe(0);
  expect(mutoolErrors(file)).toBe('');
  const { pages, stderr } = rasterize(file, 150);
  expect(stderr).toBe('');
  expect(pages).toHaveLength(pageCount);
  for (const page of pages) expect(run('zbarimg', ['-q', '--raw', page]).stdout.trim()).toBe(footer.qrText);
}

describe('a one-page 40-row transcript', () => {
  const doc = render(40);
  const { file } = writeTemp(doc.pdf);

  it('fits on one page and reports the seal slot there', () => {
    expect(doc.pageCount).toBe(1);
    expect(doc.sealSlots).toHaveLength(1);
    expect(doc.sealSlots[0]).toMatchObject({ role: 'issuer', page: 1 });
    expect(doc.sealSlots[0]!.size).toBeCloseTo(30 * MM, 3);
  });

  it('has Chinese and English text extractable in reading order', () => {
    const text = run('pdftotext', [file, '-']).stdout;
    const order = [
      '示范大学 成绩单 Academic Transcript',
      '张三',
      '20230001',
      '课程 Course',
      '高等数学 1',
      '毕业设计（论文） 37',
      '网络程序设计 40',
      '平均学分绩点 GPA: 3.72',
      '验证码 Verification code: 7KQ2-9XWM',
      '第 1 页 / 共 1 页',
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain(`核验网址 Verify at: ${footer.url}`);
  });

  it('passes qpdf, renders without font errors in poppler and MuPDF, and its footer QR decodes', () => {
    expectReadable(file, 1);
  });

  it('draws the name where the template puts it', () => {
    const { pages, stderr } = rasterize(file, 72);
    expect(stderr).toBe('');
    // The student line: x 15 mm, y 30–37 mm; the space right of the text stays blank.
    expect(darkPixels(pages[0]!, 72, { x: 15 * MM, y: 30 * MM, w: 60 * MM, h: 7 * MM })).toBeGreaterThan(50);
    expect(darkPixels(pages[0]!, 72, { x: 140 * MM, y: 30 * MM, w: 50 * MM, h: 7 * MM })).toBe(0);
  });

  it('embeds a small subset font with a ToUnicode map', () => {
    const pdf = Buffer.from(doc.pdf).toString('latin1');
    expect(pdf).toMatch(/\/BaseFont\/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(pdf).toMatch(/\/BaseFont\/[A-Z]{6}\+NotoSerifSC-Bold/);
    expect(pdf).toContain('/CIDToGIDMap/Identity');
    expect(pdf).toContain('/ToUnicode');
    expect(pdf).toContain('/Producer(OpenSeal)');
    expect(pdf).toMatch(/\/ID\[<[0-9a-f]{32}><[0-9a-f]{32}>\]/);
    expect(doc.pdf.length).toBeLessThan(80_000);
  });
});

describe('a 120-row transcript', () => {
  const doc = render(120);
  const one = render(40);
  const { file } = writeTemp(doc.pdf);

  it('flows onto three pages with the head repeated and the footer on every page', () => {
    expect(doc.pageCount).toBe(3);
    for (let p = 1; p <= 3; p++) {
      const text = run('pdftotext', ['-f', String(p), '-l', String(p), file, '-']).stdout;
      expect(text).toContain('课程 Course');
      expect(text).toContain(`第 ${p} 页 / 共 3 页`);
    }
    const last = run('pdftotext', ['-f', '3', '-l', '3', file, '-']).stdout;
    expect(last).toContain('网络程序设计 120');
    expect(last).toContain('平均学分绩点 GPA: 3.72');
    expectReadable(file, 3);
  });

  it('moves the elements below the table, and the seal slot with them', () => {
    const slot = doc.sealSlots[0]!;
    expect(slot.page).toBe(3);
    // The slot stays where the template puts it horizontally, and below the table's end.
    expect(slot.x).toBeCloseTo(one.sealSlots[0]!.x, 6);
    const { pages } = rasterize(file, 72);
    // The summary line sits 4 mm below the table's end, 2 mm above the slot's top edge.
    const summaryTop = 842 - slot.y - slot.size / 2 - 2 * MM;
    expect(darkPixels(pages[2]!, 72, { x: 15 * MM, y: summaryTop, w: 60 * MM, h: 8 * MM })).toBeGreaterThan(
      30,
    );
    expect(slot.y - slot.size / 2).toBeGreaterThan((10 + FOOTER_HEIGHT_MM) * MM);
  });
});

describe('a template of two pages', () => {
  const template: CredentialTemplate = {
    basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
    schemas: [
      [{ name: 'front', type: 'text', position: { x: 20, y: 20 }, width: 170, height: 10, content: '' }],
      [
        {
          name: 'back',
          type: 'text',
          position: { x: 20, y: 20 },
          width: 170,
          height: 10,
          readOnly: true,
          content: '背面 Back',
        },
        {
          name: 'tint',
          type: 'rectangle',
          position: { x: 20, y: 40 },
          width: 50,
          height: 20,
          color: '#000000',
          opacity: 0.5,
        },
        {
          name: 'counterSeal',
          type: 'sealSlot',
          sealRole: 'counter',
          position: { x: 100, y: 40 },
          width: 40,
          height: 40,
        },
      ],
    ],
  };
  const doc = compileTemplate(template).render({ front: '正面 Front' }, footer, { title: 'Two pages' });
  const { file } = writeTemp(doc.pdf);

  it('renders each template page on its own output page, with the footer on both', () => {
    expect(doc.pageCount).toBe(2);
    expect(run('pdftotext', ['-f', '1', '-l', '1', file, '-']).stdout).toContain('正面 Front');
    const back = run('pdftotext', ['-f', '2', '-l', '2', file, '-']).stdout;
    expect(back).toContain('背面 Back');
    expect(back).toContain('第 2 页 / 共 2 页 Page 2 of 2');
    expect(doc.sealSlots).toEqual([
      {
        role: 'counter',
        page: 2,
        x: expect.closeTo(120 * MM, 6),
        y: expect.closeTo((297 - 60) * MM, 6),
        size: expect.closeTo(40 * MM, 6),
      },
    ]);
    expectReadable(file, 2);
  });

  it('draws a translucent rectangle through an opacity state', () => {
    expect(Buffer.from(doc.pdf).toString('latin1')).toContain('/ExtGState<</GS0<</ca 0.5/CA 0.5>>>>');
    const { pages } = rasterize(file, 72);
    const img = darkPixels(pages[1]!, 72, { x: 20 * MM, y: 40 * MM, w: 50 * MM, h: 20 * MM });
    // 50% black is luminance 127.5: dark by our threshold, and drawn over the whole box.
    expect(img).toBeGreaterThan(0.9 * 50 * MM * 20 * MM);
  });
});

describe('the footer QR code', () => {
  // A credential's QR holds the short URL with its access code; a school's host name can be long.
  it.each([
    'https://verify.example.edu.cn/v/7KQ29XWM?c=ABCD2345',
    'https://credentials.shifan-university.edu.cn/v/7KQ29XWM?c=ABCD2345',
  ])('decodes from a 100 dpi render of the page (%s)', (qrText) => {
    const doc = compiled.render(
      bindRecord(transcriptTemplate, studentRecord(10)),
      { ...footer, qrText },
      {
        lang: 'zh-CN',
      },
    );
    const { pages, stderr } = rasterize(writeTemp(doc.pdf).file, 100);
    expect(stderr).toBe('');
    expect(run('zbarimg', ['-q', '--raw', pages[0]!]).stdout.trim()).toBe(qrText);
  });
});

describe('a specimen', () => {
  it('carries the watermark across every page, as text pdftotext sees', () => {
    const record = bindRecord(transcriptTemplate, studentRecord(120));
    const plain = run('pdftotext', [writeTemp(compiled.render(record, footer).pdf).file, '-']).stdout;
    expect(plain).not.toContain('样张');
    const doc = compiled.render(record, footer, { watermark: '样张 SPECIMEN' });
    expect(doc.pageCount).toBe(3);
    const { file } = writeTemp(doc.pdf);
    expect(mutoolErrors(file)).toBe('');
    for (const page of [1, 2, 3]) {
      // -raw keeps content-stream order; the diagonal letters come out one per line.
      const text = run('pdftotext', ['-raw', '-f', String(page), '-l', String(page), file, '-']).stdout;
      expect(text.replace(/\s+/g, '')).toContain('样张SPECIMEN');
    }
  });
});
