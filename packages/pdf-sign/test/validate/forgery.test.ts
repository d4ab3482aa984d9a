// Forgeries made at test time from genuine signatures (sign() with a throw-away PKI), one test per
// variant, each asserting the named verdict or problem code (pdf-insecurity.org attack classes).

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexOfAscii, lastIndexOfAscii } from '../../src/core/byte-search.ts';
import { PdfDocument } from '../../src/core/document.ts';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from '../../src/core/objects.ts';
import {
  byteRangePlaceholder,
  contentsPlaceholder,
  digestByteRange,
  embedContents,
} from '../../src/sign/byte-range.ts';
import { readForm } from '../../src/sign/form-fields.ts';
import { buildPadesCms } from '../../src/sign/pades-cms.ts';
import { sealWidgets } from '../../src/sign/seal-widgets.ts';
import { sign } from '../../src/sign/sign.ts';
import { writeSignatureField } from '../../src/sign/signature-field.ts';
import { type VerificationReport, verify } from '../../src/validate/index.ts';
import { pdfsig } from '../support/validators.ts';
import {
  appendRevision,
  formPdf,
  locateSignature,
  makeTestPki,
  overwrite,
  resignOver,
  SIGNING_TIME,
  scratchFile,
  setByteRange,
  type TestPki,
} from './forgery-kit.ts';

let t: TestPki;
let signed: Uint8Array;
const AT = new Date(SIGNING_TIME.getTime() + 60_000);

beforeAll(async () => {
  t = await makeTestPki();
  signed = await sign(formPdf(), t.credentials, { level: 'B-T', timestamper: t.timestamper, clock: t.clock });
}, 60_000);
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

const check = (pdf: Uint8Array) => verify(pdf, { trustAnchors: t.anchors, at: AT });
const codes = (r: VerificationReport) => r.signatures.flatMap((s) => s.problems.map((p) => p.code));
const stream = (data: string, dict: [string, PdfDict | PdfName | number | PdfRef | number[]][] = []) =>
  new PdfStream(new PdfDict(dict), new Uint8Array(Buffer.from(data, 'latin1')));
const text = (s: string) => new PdfString(new Uint8Array(Buffer.from(s, 'latin1')), false);

/** Edits the newest signature dictionary in place (same length), as the USF attacker does. */
function editSignatureDict(pdf: Uint8Array, from: string, to: string): Uint8Array {
  const at = lastIndexOfAscii(pdf, from);
  expect(at).toBeGreaterThan(0);
  return overwrite(pdf, at, from.length, to);
}

describe('genuine', () => {
  it('a B-T signature is authentic and unmodified', async () => {
    const r = await check(signed);
    expect(r.verdict).toBe('authentic');
    const s = r.signatures[0]!;
    expect(s).toMatchObject({
      intact: true,
      valid: true,
      trusted: true,
      coverage: 'entire-file',
      modifications: 'none',
    });
    expect(s.signingTime?.source).toBe('signature-timestamp');
    expect(s.pades).toMatchObject({ conformant: true, level: 'B-T' });
    expect(r.summary.en).toMatch(/^Authentic and unmodified\. Sealed by .+ \(timestamped\)\.$/);
    expect(r.summary.zh).toMatch(/^文件真实有效，签章后未被修改。由 .+（时间戳） 签章。$/);
  });

  it('an appended DSS-only revision (B-LT) stays authentic', async () => {
    const lt = await sign(formPdf(), t.credentials, {
      level: 'B-LT',
      timestamper: t.timestamper,
      revocation: t.revocation,
      clock: t.clock,
    });
    const r = await check(lt);
    expect(r.verdict).toBe('authentic');
    const s = r.signatures[0]!;
    expect(s.coverage).toBe('entire-revision');
    expect(s.modifications).toBe('ltv-data');
    expect(s.pades.level).toBe('B-LT');
  });

  it('a one-byte flip inside the signed range breaks integrity (pdfsig agrees)', async () => {
    const at = indexOfAscii(signed, 'Diploma: Alice');
    const flipped = Uint8Array.from(signed);
    flipped[at + 9] = 'E'.charCodeAt(0);
    const r = await check(flipped);
    expect(r.signatures[0]!.intact).toBe(false);
    expect(codes(r)).toContain('DIGEST_MISMATCH');
    expect(r.verdict).toBe('invalid');
    expect(pdfsig(scratchFile(t.dir, 'flip.pdf', flipped)).signatures[0]!.valid).toBe(false);
  });
});

describe('Universal Signature Forgery', () => {
  const cases: [string, string, () => Uint8Array][] = [
    ['no /Contents', 'CONTENTS_MISSING', () => editSignatureDict(signed, '/Contents <', '/Xontents <')],
    [
      'empty /Contents',
      'CONTENTS_EMPTY',
      () => {
        const loc = locateSignature(signed);
        return overwrite(signed, loc.contents.start, loc.contents.end - loc.contents.start, '<>');
      },
    ],
    [
      '/Contents null',
      'CONTENTS_MISSING',
      () => {
        const loc = locateSignature(signed);
        return overwrite(signed, loc.contents.start, loc.contents.end - loc.contents.start, 'null');
      },
    ],
    ['no /ByteRange', 'BYTE_RANGE_MISSING', () => editSignatureDict(signed, '/ByteRange', '/XyteRange')],
    [
      '/ByteRange null',
      'BYTE_RANGE_MISSING',
      () => {
        const loc = locateSignature(signed);
        return overwrite(signed, loc.byteRange.start, loc.byteRange.end - loc.byteRange.start, 'null');
      },
    ],
    ['/ByteRange [0 0 0 0]', 'BYTE_RANGE_EMPTY_PART', () => setByteRange(signed, [0, 0, 0, 0])],
    [
      'wrong /ByteRange lengths',
      'BYTE_RANGE_NOT_AT_REVISION_END',
      () => {
        const r = locateSignature(signed).ranges;
        return setByteRange(signed, [r[0]!, r[1]!, r[2]!, r[3]! - 10]);
      },
    ],
    [
      '/ByteRange pointing at another string',
      'BYTE_RANGE_GAP',
      () => {
        // The gap is moved onto the trailer's /ID string: the real /Contents becomes "signed".
        const id = indexOfAscii(signed, '<', lastIndexOfAscii(signed, '/ID'));
        const end = indexOfAscii(signed, '>', id) + 1;
        return setByteRange(signed, [0, id, end, signed.length - end]);
      },
    ],
  ];
  it.each(cases)('%s → invalid (%s)', async (_name, code, forge) => {
    const r = await check(forge());
    expect(r.signatures).toHaveLength(1);
    expect(codes(r)).toContain(code);
    expect(r.signatures[0]!.indication).toBe('FAILED');
    expect(r.verdict).toBe('invalid');
  });
});

describe('Incremental Saving Attack', () => {
  it('a revision replacing the page content → modified (pdfsig: not total document signed)', async () => {
    const forged = appendRevision(signed, (_doc, w) => {
      w.set(new PdfRef(4, 0), stream('BT /F1 24 Tf 72 700 Td (Diploma: Mallory Forger) Tj ET'));
    });
    const r = await check(forged);
    const s = r.signatures[0]!;
    expect(s.intact && s.valid).toBe(true);
    expect(s.modifications).toBe('other');
    expect(s.modificationDetails.join('\n')).toMatch(/content stream of page 1 \(object 4\) was changed/);
    expect(r.verdict).toBe('modified');
    const theirs = pdfsig(scratchFile(t.dir, 'isa.pdf', forged)).signatures[0]!;
    expect(theirs.totalDocumentSigned).toBe(false);
  });

  it('a revision adding a page → modified', async () => {
    const forged = appendRevision(signed, (doc, w) => {
      const content = w.add(stream('BT /F1 24 Tf 72 700 Td (Addendum: grade A+) Tj ET'));
      const page = w.add(
        new PdfDict([
          ['Type', PdfName.of('Page')],
          ['Parent', new PdfRef(2, 0)],
          ['Contents', content],
        ]),
      );
      const pages = doc.resolveDict(new PdfRef(2, 0))!;
      w.set(new PdfRef(2, 0), new PdfDict(pages.map).set('Kids', [new PdfRef(3, 0), page]).set('Count', 2));
    });
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/page tree/);
    expect(r.verdict).toBe('modified');
  });

  it('a hand-written xref pointing an object at new content → modified', async () => {
    const prev = lastIndexOfAscii(signed, 'startxref');
    const prevOffset = Number(
      Buffer.from(signed.subarray(prev + 9, prev + 30))
        .toString('latin1')
        .trim()
        .split(/\s+/)[0],
    );
    const body = 'BT /F1 24 Tf 72 700 Td (Diploma: Mallory) Tj ET';
    const obj = `\n4 0 obj\n<< /Length ${body.length} >>\nstream\n${body}\nendstream\nendobj\n`;
    const objAt = signed.length + 1;
    const xrefAt = signed.length + obj.length;
    const size = PdfDocument.parse(signed).nextObjectNumber;
    const tail = `xref\n4 1\n${String(objAt).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size} /Root 1 0 R /Prev ${prevOffset} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const forged = Buffer.concat([signed, Buffer.from(obj + tail, 'latin1')]);
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.verdict).toBe('modified');
  });

  it('a free xref entry for an object in use → modified', async () => {
    const prev = lastIndexOfAscii(signed, 'startxref');
    const prevOffset = Number(
      Buffer.from(signed.subarray(prev + 9, prev + 30))
        .toString('latin1')
        .trim()
        .split(/\s+/)[0],
    );
    const size = PdfDocument.parse(signed).nextObjectNumber;
    const tail = `\nxref\n8 1\n0000000000 00001 f\r\ntrailer\n<< /Size ${size} /Root 1 0 R /Prev ${prevOffset} >>\nstartxref\n${signed.length + 1}\n%%EOF\n`;
    const r = await check(Buffer.concat([signed, Buffer.from(tail, 'latin1')]));
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/object 8\) was deleted/);
  });

  it('a new /Root through the trailer → modified', async () => {
    let root: PdfRef | undefined;
    const forged = appendRevision(
      signed,
      (doc, w) => {
        root = w.add(new PdfDict(doc.catalog().map));
      },
      {
        get Root() {
          return root!;
        },
      } as never,
    );
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/different document catalog/);
    expect(r.verdict).toBe('modified');
  });

  it('a revision removing the signature field → the signature is still found, modified', async () => {
    const forged = appendRevision(signed, (doc, w) => {
      const catalog = doc.catalog();
      const formRef = catalog.get('AcroForm');
      const form = doc.resolveDict(formRef)!;
      const fields = (doc.resolve(form.get('Fields')) as PdfRef[]).filter(
        (f) => doc.resolveDict(f)?.name('FT') !== 'Sig',
      );
      const newForm = new PdfDict(form.map).set('Fields', fields);
      if (formRef instanceof PdfRef) w.set(formRef, newForm);
      else w.set(doc.catalogRef(), new PdfDict(catalog.map).set('AcroForm', newForm));
    });
    const r = await check(forged);
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/removed from the form/);
  });
});

describe('Signature Wrapping', () => {
  it('signed bytes moved and new content in a widened gap, re-signed → invalid (BYTE_RANGE_GAP)', async () => {
    const loc = locateSignature(signed);
    // The gap now also swallows the claimed signing time after /Contents, which the attacker rewrites.
    const m = indexOfAscii(signed, '/M (D:', loc.contents.end);
    const mEnd = indexOfAscii(signed, ')', m) + 1;
    const rewritten = overwrite(signed, m, mEnd - m, '/M (D:19990101000000Z)');
    const wrapped = await resignOver(rewritten, [0, loc.contents.start, mEnd, signed.length - mEnd], t);
    const r = await check(wrapped);
    const s = r.signatures[0]!;
    expect(s.intact && s.valid).toBe(true);
    expect(codes(r)).toContain('BYTE_RANGE_GAP');
    expect(s.coverage).toBe('partial');
    expect(r.verdict).toBe('invalid');
  });
});

describe('Shadow attacks', () => {
  it('hide: an overlay XObject drawn by a later revision → modified', async () => {
    const forged = appendRevision(signed, (doc, w) => {
      const cover = w.add(
        stream('1 1 1 rg 0 0 1 1 re f', [
          ['Type', PdfName.of('XObject')],
          ['Subtype', PdfName.of('Form')],
          ['BBox', [0, 0, 1, 1]],
        ]),
      );
      const draw = w.add(stream('q 300 40 0 0 70 690 cm /Hide Do Q'));
      const page = doc.resolveDict(new PdfRef(3, 0))!;
      const res = new PdfDict(doc.resolveDict(page.get('Resources'))!.map);
      res.set('XObject', new PdfDict(doc.resolveDict(res.get('XObject'))!.map).set('Hide', cover));
      w.set(
        new PdfRef(3, 0),
        new PdfDict(page.map).set('Resources', res).set('Contents', [new PdfRef(4, 0), draw]),
      );
    });
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.verdict).toBe('modified');
  });

  it('replace: a font redefined in a later revision → modified', async () => {
    const forged = appendRevision(signed, (_doc, w) => {
      w.set(
        new PdfRef(7, 0),
        new PdfDict([
          ['Type', PdfName.of('Font')],
          ['Subtype', PdfName.of('Type1')],
          ['BaseFont', PdfName.of('Symbol')],
        ]),
      );
    });
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/font \/F1 of page 1 \(object 7\)/);
  });

  it('replace: a form XObject redefined in a later revision → modified', async () => {
    const forged = appendRevision(signed, (_doc, w) => {
      w.set(
        new PdfRef(8, 0),
        stream('1 0 0 rg 0 0 1 1 re f', [
          ['Type', PdfName.of('XObject')],
          ['Subtype', PdfName.of('Form')],
          ['BBox', [0, 0, 1, 1]],
        ]),
      );
    });
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(
      /XObject \/X1 of page 1 \(object 8\) was changed/,
    );
  });

  it('hide-and-replace: the existing appearance stream of a form field overwritten → modified', async () => {
    const forged = appendRevision(signed, (_doc, w) => {
      w.set(
        new PdfRef(6, 0),
        stream('BT /Helv 12 Tf 2 10 Td (F) Tj ET', [
          ['Type', PdfName.of('XObject')],
          ['Subtype', PdfName.of('Form')],
          ['BBox', [0, 0, 200, 30]],
        ]),
      );
    });
    const r = await check(forged);
    expect(r.signatures[0]!.modifications).toBe('other');
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/appearance stream of field "grade"/);
  });

  it('a form value change with its new appearance → form filling, still not authentic', async () => {
    const forged = fillGrade(signed, 'F');
    const r = await check(forged);
    const s = r.signatures[0]!;
    expect(s.modifications).toBe('form-filling');
    expect(s.indication).toBe('PASSED');
    expect(r.verdict).toBe('modified');
    expect(r.summary.zh).toMatch(/表单内容被填写或更改/);
  });
});

/** Sets the text field "grade" to `value` with a new appearance stream (a legitimate form fill). */
function fillGrade(pdf: Uint8Array, value: string): Uint8Array {
  return appendRevision(pdf, (doc, w) => {
    const ap = w.add(
      stream(`BT /Helv 12 Tf 2 10 Td (${value}) Tj ET`, [
        ['Type', PdfName.of('XObject')],
        ['Subtype', PdfName.of('Form')],
        ['BBox', [0, 0, 200, 30]],
      ]),
    );
    const field = doc.resolveDict(new PdfRef(5, 0))!;
    w.set(new PdfRef(5, 0), new PdfDict(field.map).set('V', text(value)).set('AP', new PdfDict([['N', ap]])));
  });
}

function addTextAnnotation(pdf: Uint8Array): Uint8Array {
  return appendRevision(pdf, (doc, w) => {
    const note = w.add(
      new PdfDict([
        ['Type', PdfName.of('Annot')],
        ['Subtype', PdfName.of('Text')],
        ['Rect', [300, 700, 320, 720]],
        ['Contents', text('looks fine')],
      ]),
    );
    const page = doc.resolveDict(new PdfRef(3, 0))!;
    const annots = [...(doc.resolve(page.get('Annots')) as PdfRef[]), note];
    w.set(new PdfRef(3, 0), new PdfDict(page.map).set('Annots', annots));
  });
}

/** A second signature made with the lower-level pieces, bypassing sign()'s refusal on P=1 documents. */
async function forceSecondSignature(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = PdfDocument.parse(pdf);
  const sigDict = new PdfDict([
    ['Type', PdfName.of('Sig')],
    ['Filter', PdfName.of('Adobe.PPKLite')],
    ['SubFilter', PdfName.of('ETSI.CAdES.detached')],
    ['ByteRange', byteRangePlaceholder()],
    ['Contents', contentsPlaceholder(16384)],
  ]);
  const file = writeSignatureField(doc, readForm(doc), {
    sigDict,
    fieldName: 'Seal2',
    widgets: await sealWidgets(doc, {}),
  });
  return embedContents(
    file,
    await buildPadesCms(t.credentials, digestByteRange(file, 'sha256'), t.timestamper),
  );
}

describe('Certification (DocMDP)', () => {
  const certified = (p: 1 | 2 | 3) =>
    sign(formPdf(), t.credentials, { level: 'B-T', timestamper: t.timestamper, clock: t.clock, certify: p });

  it('P=1, then an annotation → DocMDP violated', async () => {
    const r = await check(addTextAnnotation(await certified(1)));
    const s = r.signatures[0]!;
    expect(s.modifications).toBe('annotations');
    expect(s.docMdp).toEqual({ permission: 1, violated: true });
    expect(s.indication).toBe('FAILED');
    expect(codes(r)).toContain('DOCMDP_VIOLATION');
    expect(r.verdict).toBe('modified');
  });

  it('P=2, then an annotation → DocMDP violated', async () => {
    const r = await check(addTextAnnotation(await certified(2)));
    expect(r.signatures[0]!.docMdp).toEqual({ permission: 2, violated: true });
    expect(r.verdict).toBe('modified');
  });

  it('P=3, then an annotation → allowed by DocMDP, still reported as modified', async () => {
    const r = await check(addTextAnnotation(await certified(3)));
    expect(r.signatures[0]!.docMdp).toEqual({ permission: 3, violated: false });
    expect(r.signatures[0]!.indication).toBe('PASSED');
    expect(r.verdict).toBe('modified');
  });

  it('P=2 at B-LT, then an annotation → the summary names the annotation, not the allowed DSS', async () => {
    const lt = await sign(formPdf(), t.credentials, {
      level: 'B-LT',
      timestamper: t.timestamper,
      revocation: t.revocation,
      clock: t.clock,
      certify: 2,
    });
    const r = await check(addTextAnnotation(lt));
    expect(r.signatures[0]!.modificationDetails[0]).toMatch(/annotation was added/);
    expect(r.summary.en).toMatch(/a change the certification forbids \(a Text annotation was added/);
    expect(r.summary.en).not.toMatch(/DSS/);
  });

  it('P=2, then form filling → allowed by DocMDP', async () => {
    const r = await check(fillGrade(await certified(2), 'B'));
    expect(r.signatures[0]!.docMdp).toEqual({ permission: 2, violated: false });
    expect(r.signatures[0]!.modifications).toBe('form-filling');
  });

  it('P=2, then a new signature → allowed, authentic', async () => {
    const twice = await sign(await certified(2), t.credentials, {
      level: 'B-T',
      timestamper: t.timestamper,
      clock: t.clock,
    });
    const r = await check(twice);
    expect(r.signatures).toHaveLength(2);
    expect(r.signatures[0]!.docMdp).toEqual({ permission: 2, violated: false });
    expect(r.signatures[0]!.modifications).toBe('new-signatures');
    expect(r.verdict).toBe('authentic');
  });

  it('P=1, then a new signature → DocMDP violated', async () => {
    const r = await check(await forceSecondSignature(await certified(1)));
    expect(r.signatures).toHaveLength(2);
    expect(r.signatures[1]!.intact && r.signatures[1]!.valid).toBe(true);
    expect(r.signatures[0]!.docMdp).toEqual({ permission: 1, violated: true });
    expect(r.verdict).toBe('modified');
  });
});
