// Real signed files made by other systems (../shared/corpus, read in place).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfDocument } from './document.ts';
import { type PdfDict, PdfName, PdfStream } from './objects.ts';
import type { PdfError } from './pdf-error.ts';

const corpus = resolve(import.meta.dirname, '../../../../../shared/corpus');
const files = (dir: string) =>
  readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => join(corpus, dir, f));

/** Hand-edited attack files whose xref does not match their bytes (checked by hand: the offsets miss). */
const BROKEN_XREF = new Set([
  'hide_v1_hide-via-referenced-object_4_original-document-shadowed-signed-manipulated_v1.pdf',
  'hide_v1_hide-via-referenced-object_4_original-document-shadowed-signed-manipulated_v2.pdf',
  'hide_v2_hide-via-referenced-object_hide-form-via-form_4_original-document-shadowed-signed-manipulated.pdf',
  'replace_v2_replace-via-overwrite_4_original-document-shadowed-signed-manipulated.pdf',
]);

/** Every signature dictionary reachable from the AcroForm fields, with the revision view it lives in. */
function signatures(doc: PdfDocument): PdfDict[] {
  const form = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = doc.resolve(form?.get('Fields'));
  const out: PdfDict[] = [];
  for (const f of Array.isArray(fields) ? fields : []) {
    const v = doc.resolveDict(doc.resolveDict(f)?.get('V'));
    if (v?.has('ByteRange')) out.push(v);
  }
  return out;
}

describe.skipIf(!existsSync(corpus))('corpus', () => {
  it('parses every pyHanko file; the encrypted one is refused as such', () => {
    for (const file of files('pdf-pyhanko')) {
      const bytes = readFileSync(file);
      if (file.includes('signed-encrypted-')) {
        expect(() => PdfDocument.parse(bytes)).toThrow(
          expect.objectContaining({ code: 'ERR_PDF_ENCRYPTED' }),
        );
        continue;
      }
      const doc = PdfDocument.parse(bytes);
      expect(doc.revisions.length, file).toBeGreaterThan(0);
      expect(doc.pages().length, file).toBeGreaterThan(0);
      const last = doc.revisions[doc.revisions.length - 1]!;
      expect(last.endOffset, file).toBe(bytes.length);
      for (let i = 1; i < doc.revisions.length; i++) {
        expect(doc.revisions[i]!.endOffset).toBeGreaterThan(doc.revisions[i - 1]!.endOffset);
      }
      // The signature's /Contents span is where its ByteRange gap is (what a verifier checks first).
      for (const sig of signatures(doc)) {
        const range = doc.resolve(sig.get('ByteRange')) as number[];
        const contents = sig.get('Contents');
        if (file.includes('coverage-anomalies') || !contents || !('span' in Object(contents))) continue;
        const span = (contents as { span: { start: number; end: number } }).span;
        expect([range[0]! + range[1]!, range[2]], file).toEqual([span.start, span.end]);
      }
    }
  });

  it('parses every shadow-attack file, revision by revision', () => {
    for (const file of files('pdf-shadow-attacks')) {
      const bytes = readFileSync(file);
      const name = file.slice(file.lastIndexOf('/') + 1);
      const touchLaterRevisions = (doc: PdfDocument) => {
        for (const r of doc.revisions.slice(1)) {
          for (const [num, e] of r.entries) {
            const o = e.type === 'free' ? undefined : doc.atRevision(r.index).getObject(num);
            if (o instanceof PdfStream && !o.dict.get('Filter')?.toString().includes('DCT')) {
              doc.atRevision(r.index).decodeStream(o);
            }
          }
        }
      };
      if (BROKEN_XREF.has(name)) {
        try {
          touchLaterRevisions(PdfDocument.parse(bytes));
          expect.unreachable(`${name} should fail strict parsing`);
        } catch (e) {
          expect((e as PdfError).code).toBe('ERR_PDF_MALFORMED');
        }
        continue;
      }
      const doc = PdfDocument.parse(bytes);
      expect(doc.revisions.length, name).toBeGreaterThan(name.includes('_4_') ? 2 : 1);
      expect(doc.atRevision(1).pages().length).toBe(1);
      expect(signatures(doc.atRevision(1)).length, name).toBeGreaterThan(0);
      touchLaterRevisions(doc);
    }
  });

  it('reads the hand-edited attack files in recover mode, keeping their revisions', () => {
    for (const name of BROKEN_XREF) {
      const doc = PdfDocument.parse(readFileSync(join(corpus, 'pdf-shadow-attacks', name)), {
        recover: true,
      });
      expect(doc.revisions.length, name).toBe(3);
      expect(doc.atRevision(1).catalog().get('Type')).toBe(PdfName.of('Catalog'));
      let unreadable = 0;
      for (const [num, e] of doc.revisions[2]!.entries) {
        try {
          if (e.type !== 'free') doc.getObject(num);
        } catch (err) {
          expect((err as PdfError).code).toBe('ERR_PDF_MALFORMED');
          unreadable++;
        }
      }
      // replace_v2 lists an object 24 that its update never wrote.
      expect(unreadable, name).toBe(name.startsWith('replace_v2') ? 1 : 0);
      expect(doc.recovered, name).toBe(true);
    }
  });
});
