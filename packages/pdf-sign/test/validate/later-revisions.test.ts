// Forgeries made without any key from genuine B-LT, B-LTA, certified and two-seal files: a later
// revision that passes changes off as validation data (/DSS), a signature field that borrows an older
// signature value, and data appended that nothing uses. Each must be "modified after sealing".

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../src/core/document.ts';
import { PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from '../../src/core/objects.ts';
import { sign } from '../../src/sign/sign.ts';
import { type VerificationReport, verify } from '../../src/validate/index.ts';
import { appendRevision, formPdf, makeTestPki, SIGNING_TIME, type TestPki } from './forgery-kit.ts';

let t: TestPki;
const AT = new Date(SIGNING_TIME.getTime() + 60_000);
const bases = new Map<string, Uint8Array>();

beforeAll(async () => {
  t = await makeTestPki();
  const opts = { timestamper: t.timestamper, revocation: t.revocation, clock: t.clock };
  bases.set('B-LT', await sign(formPdf(), t.credentials, { ...opts, level: 'B-LT' }));
  bases.set('B-LTA', await sign(formPdf(), t.credentials, { ...opts, level: 'B-LTA' }));
  bases.set('certified P=2', await sign(formPdf(), t.credentials, { ...opts, level: 'B-LT', certify: 2 }));
  const first = await sign(formPdf(), t.credentials, { ...opts, level: 'B-T' });
  bases.set('two seals', await sign(first, t.credentials, { ...opts, level: 'B-LT' }));
  bases.set(
    'indirect form B-LT',
    await sign(formPdf({ indirectForm: true }), t.credentials, { ...opts, level: 'B-LT' }),
  );
}, 120_000);
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

const check = (pdf: Uint8Array) => verify(pdf, { trustAnchors: t.anchors, at: AT });
const text = (s: string) => new PdfString(new Uint8Array(Buffer.from(s, 'latin1')), false);
const stream = (data: string, dict: [string, PdfObject][] = []) =>
  new PdfStream(new PdfDict(dict), new Uint8Array(Buffer.from(data, 'latin1')));

function expectModified(r: VerificationReport, detail: RegExp): void {
  expect(r.verdict).toBe('modified');
  expect(r.authenticAndUnmodified).toBe(false);
  for (const s of r.signatures) {
    expect(s.intact && s.valid, `signature ${s.index}`).toBe(true);
    expect(s.modifications === 'other' || s.docMdp?.violated, `signature ${s.index}`).toBe(true);
  }
  expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(detail);
}

/** A revision that adds `extra` entries to the existing /DSS (or a new one) without touching anything else. */
function hangUnderDss(pdf: Uint8Array, extra: (doc: PdfDocument, dss: PdfDict) => void): Uint8Array {
  return appendRevision(pdf, (doc, w) => {
    const value = doc.catalog().get('DSS');
    const dss = new PdfDict(doc.resolveDict(value)?.map ?? new Map());
    extra(doc, dss);
    if (value instanceof PdfRef) w.set(value, dss);
    else w.set(doc.catalogRef(), new PdfDict(doc.catalog().map).set('DSS', w.add(dss)));
  });
}

const pageTreeUnderDss = (pdf: Uint8Array) =>
  hangUnderDss(pdf, (doc, dss) => {
    dss.set('Pages', doc.catalog().get('Pages')!);
    const form = doc.catalog().get('AcroForm');
    if (form instanceof PdfRef) dss.set('Form', form);
  });

const pageTreeInCerts = (pdf: Uint8Array) =>
  hangUnderDss(pdf, (doc, dss) => {
    const certs = doc.resolve(dss.get('Certs'));
    dss.set('Certs', [...(Array.isArray(certs) ? certs : []), doc.catalog().get('Pages')!]);
  });

/** The changes a laundering revision prepares for, each made in the revision after it. */
const attacks: Record<string, (pdf: Uint8Array) => Uint8Array> = {
  'replaced page content': (pdf) =>
    appendRevision(pdf, (_doc, w) => {
      w.set(new PdfRef(4, 0), stream('BT /F1 24 Tf 72 700 Td (Diploma: Mallory Forger) Tj ET'));
    }),
  'an added page': (pdf) =>
    appendRevision(pdf, (doc, w) => {
      const pagesRef = doc.catalog().get('Pages') as PdfRef;
      const pages = doc.resolveDict(pagesRef)!;
      const content = w.add(stream('BT /F1 24 Tf 72 700 Td (Addendum: grade A+) Tj ET'));
      const page = w.add(
        new PdfDict([
          ['Type', PdfName.of('Page')],
          ['Parent', pagesRef],
          ['Contents', content],
        ]),
      );
      const kids = doc.resolve(pages.get('Kids')) as PdfObject[];
      w.set(pagesRef, new PdfDict(pages.map).set('Kids', [...kids, page]).set('Count', kids.length + 1));
    }),
  'an added annotation': (pdf) =>
    appendRevision(pdf, (doc, w) => {
      const note = w.add(
        new PdfDict([
          ['Type', PdfName.of('Annot')],
          ['Subtype', PdfName.of('FreeText')],
          ['Rect', [72, 650, 400, 690]],
          ['Contents', text('Grade corrected to A+')],
        ]),
      );
      const page = doc.resolveDict(new PdfRef(3, 0))!;
      const annots = doc.resolve(page.get('Annots')) as PdfObject[];
      w.set(new PdfRef(3, 0), new PdfDict(page.map).set('Annots', [...annots, note]));
    }),
  'JavaScript on the page': (pdf) =>
    appendRevision(pdf, (doc, w) => {
      const page = doc.resolveDict(new PdfRef(3, 0))!;
      const action = new PdfDict([
        ['S', PdfName.of('JavaScript')],
        ['JS', text('app.alert("verified")')],
      ]);
      w.set(new PdfRef(3, 0), new PdfDict(page.map).set('AA', new PdfDict([['O', action]])));
    }),
};

describe('validation-data laundering: the page tree hung under the DSS, then changed', () => {
  const cases = ['B-LT', 'B-LTA', 'certified P=2', 'two seals'].flatMap((base) =>
    Object.keys(attacks).map((attack) => [base, attack] as const),
  );
  it.each(cases)('%s, then %s → modified', async (base, attack) => {
    const forged = attacks[attack]!(pageTreeUnderDss(bases.get(base)!));
    expectModified(await check(forged), /is not validation data/);
  });

  it('the page tree listed as a certificate in /Certs, then page content replaced → modified', async () => {
    const forged = attacks['replaced page content']!(pageTreeInCerts(bases.get('B-LT')!));
    expectModified(await check(forged), /not validation data/);
  });

  it('the interactive form hung under the DSS, then XFA added → modified', async () => {
    const laundered = pageTreeUnderDss(bases.get('indirect form B-LT')!);
    const forged = appendRevision(laundered, (doc, w) => {
      const ref = doc.catalog().get('AcroForm') as PdfRef;
      const xfa = w.add(stream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"></xdp:xdp>'));
      w.set(ref, new PdfDict(doc.resolveDict(ref)!.map).set('XFA', xfa));
    });
    const r = await check(forged);
    expectModified(r, /is not validation data/);
    expect(r.signatures[0]!.modificationDetails.join('\n')).toMatch(/\/XFA/);
  });

  it('a genuine DSS update after signing stays allowed', async () => {
    const pdf = bases.get('B-LT')!;
    const again = hangUnderDss(pdf, (doc, dss) => {
      const crl = new PdfStream(new PdfDict(), new Uint8Array([0x30, 0x00]));
      const crls = doc.resolve(dss.get('CRLs'));
      dss.set('CRLs', [...(Array.isArray(crls) ? crls : []), crl]);
    });
    const r = await check(again);
    expect(r.signatures[0]!.modifications).toBe('ltv-data');
    expect(r.verdict).toBe('authentic');
  });
});

/** A new signature field whose /V is the first signature's dictionary, with its own appearance. */
function borrowSignatureValue(pdf: Uint8Array): Uint8Array {
  return appendRevision(pdf, (doc, w) => {
    const catalog = doc.catalog();
    const formValue = catalog.get('AcroForm');
    const form = doc.resolveDict(formValue)!;
    const fields = doc.resolve(form.get('Fields')) as PdfObject[];
    const signed = fields
      .map((f) => doc.resolveDict(f))
      .find((f) => f?.name('FT') === 'Sig' && f.get('V') instanceof PdfRef)!;
    const ap = w.add(
      stream('BT /Helv 14 Tf 4 20 Td (APPROVED: final grade A+) Tj ET', [
        ['Type', PdfName.of('XObject')],
        ['Subtype', PdfName.of('Form')],
        ['BBox', [0, 0, 300, 50]],
      ]),
    );
    const field = w.add(
      new PdfDict([
        ['Type', PdfName.of('Annot')],
        ['Subtype', PdfName.of('Widget')],
        ['FT', PdfName.of('Sig')],
        ['T', text('Approval')],
        ['V', signed.get('V')!],
        ['Rect', [72, 100, 372, 150]],
        ['P', new PdfRef(3, 0)],
        ['F', 4],
        ['AP', new PdfDict([['N', ap]])],
      ]),
    );
    const newForm = new PdfDict(form.map).set('Fields', [...fields, field]);
    if (formValue instanceof PdfRef) w.set(formValue, newForm);
    else w.set(doc.catalogRef(), new PdfDict(catalog.map).set('AcroForm', newForm));
    const page = doc.resolveDict(new PdfRef(3, 0))!;
    const annots = doc.resolve(page.get('Annots')) as PdfObject[];
    w.set(new PdfRef(3, 0), new PdfDict(page.map).set('Annots', [...annots, field]));
  });
}

describe('a signature field that reuses an existing signature value', () => {
  it.each(['B-LT', 'B-LTA', 'certified P=2', 'two seals'])('%s → modified', async (base) => {
    const r = await check(borrowSignatureValue(bases.get(base)!));
    expectModified(r, /reuses the signature value of an earlier signature/);
  });

  it('a genuine second seal is still a new signature', async () => {
    const r = await check(bases.get('two seals')!);
    expect(r.signatures[0]!.modifications).toBe('new-signatures');
    expect(r.verdict).toBe('authentic');
  });
});

describe('data appended after the last signature', () => {
  it('a revision adding an object nothing uses → modified, naming it', async () => {
    const forged = appendRevision(bases.get('B-LT')!, (_doc, w) => {
      w.add(stream('BT /F1 24 Tf 72 700 Td (Diploma: Mallory Forger) Tj ET'));
    });
    expectModified(await check(forged), /appended after signing that nothing in the document uses/);
  });

  it('an update that changes nothing → modified', async () => {
    const forged = appendRevision(bases.get('B-LTA')!, () => {});
    expectModified(await check(forged), /changes nothing/);
  });

  it('bytes after the last %%EOF → modified, quoting them', async () => {
    const pdf = bases.get('B-LT')!;
    const forged = Buffer.concat([pdf, Buffer.from('\nGrade: A+ (approved)\n', 'latin1')]);
    const r = await check(forged);
    expectModified(r, /bytes after the end of the last revision .*"Grade: A\+ \(approved\)"/);
  });
});
