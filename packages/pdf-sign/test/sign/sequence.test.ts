// Several signatures on one document: approval after approval, certification (DocMDP) first.

import { generateKeyPairSync } from 'node:crypto';
import { softwareSigner } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import type { PdfDict, PdfRef } from '../../src/core/objects.ts';
import { sign } from '../../src/sign/sign.ts';
import type { SealCredentials } from '../../src/sign/sign-options.ts';
import { pdfsig, qpdfCheck } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
let archive: SealCredentials;
beforeAll(async () => {
  t = await createTestPki();
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = await t.pki.issue({
    profile: 'seal',
    subject: [
      { type: 'C', value: 'CN' },
      { type: 'O', value: '示范大学 / Demo University' },
      { type: 'CN', value: '示范大学档案馆 / Demo University Archives' },
    ],
    publicKey: keys.publicKey,
  });
  archive = {
    signer: softwareSigner(keys.privateKey),
    certificate,
    chain: [t.pki.issuing.certificate, t.pki.root.certificate],
  };
});
afterAll(() => t.close());

describe('signatures in sequence', () => {
  it('registrar then archive office: both valid, only the second covers the whole file', async () => {
    const first = await sign(fixture('libreoffice.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 150, y: 150 },
      reason: '教务处盖章',
    });
    const second = await sign(first, archive, {
      timestamper: t.timestamper,
      seal: { kind: 'round', orgName: '示范大学', sealName: '档案专用章' },
      placement: { kind: 'page', page: 1, x: 400, y: 150 },
      reason: '档案馆盖章',
    });
    const file = t.save('two-seals.pdf', second);
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures, output).toHaveLength(2);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: false });
    expect(signatures[1], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
    expect(signatures[1]!.commonName).toContain('Archives');
    expect(qpdfCheck(file).ok).toBe(true);
    const doc = PdfDocument.parse(second);
    const acro = doc.resolveDict(doc.catalog().get('AcroForm'))!;
    const names = (doc.resolve(acro.get('Fields')) as PdfRef[]).map((f) => doc.resolveDict(f)!.get('T'));
    expect(names.map((n) => Buffer.from((n as { bytes: Uint8Array }).bytes).toString())).toEqual([
      'Seal1',
      'Seal2',
    ]);
    expect(acro.get('SigFlags')).toBe(3);
  });

  it('certify P=2 then an approval signature: both valid', async () => {
    const certified = await sign(fixture('chromium-print.pdf'), t.credentials, {
      timestamper: t.timestamper,
      certify: 2,
    });
    const doc = PdfDocument.parse(certified);
    const perms = doc.resolveDict(doc.catalog().get('Perms'))!;
    const sigDict = doc.resolveDict(perms.get('DocMDP'))!;
    const ref = (sigDict.get('Reference') as PdfDict[])[0]!;
    expect(ref.name('TransformMethod')).toBe('DocMDP');
    expect((ref.get('TransformParams') as PdfDict).get('P')).toBe(2);

    const approved = await sign(certified, archive, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'keyword', keyword: '盖章处' },
    });
    const file = t.save('certified-then-approved.pdf', approved);
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures, output).toHaveLength(2);
    for (const s of signatures) expect(s, output).toMatchObject({ valid: true, trusted: true });
  });

  it('certify P=2 reserving the approval field, then the approval fills it: only /V and /AP change', async () => {
    const approvalSeal = { kind: 'round', orgName: '示范大学', sealName: '档案专用章' } as const;
    const at = { kind: 'page', page: 1, x: 400, y: 150 } as const;
    const certified = await sign(fixture('libreoffice.pdf'), t.credentials, {
      timestamper: t.timestamper,
      certify: 2,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 150, y: 150 },
      reserveFields: [{ name: 'Archives', seal: approvalSeal, placement: at }],
    });
    const approved = await sign(certified, archive, {
      timestamper: t.timestamper,
      fieldName: 'Archives',
      seal: approvalSeal,
      placement: at,
    });
    const file = t.save('certified-reserved-approved.pdf', approved);
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures, output).toHaveLength(2);
    for (const s of signatures) expect(s, output).toMatchObject({ valid: true, trusted: true });
    expect(signatures[1]!.commonName).toContain('Archives');

    const before = PdfDocument.parse(certified);
    const after = PdfDocument.parse(approved);
    const fieldsOf = (doc: PdfDocument) =>
      doc.resolve(doc.resolveDict(doc.catalog().get('AcroForm'))!.get('Fields')) as PdfRef[];
    expect(fieldsOf(after).map((r) => r.num)).toEqual(fieldsOf(before).map((r) => r.num));
    const reserved = fieldsOf(before)[1]!;
    const was = before.resolveDict(reserved)!;
    const now = after.resolveDict(reserved)!;
    expect(was.has('V')).toBe(false);
    expect(now.has('V')).toBe(true);
    // Compared by value: a parsed string also records where it stood in the file.
    const value = (v: unknown) =>
      JSON.stringify(v, (k, x) => (k === 'span' ? undefined : x instanceof Map ? Object.fromEntries(x) : x));
    const changed = [...new Set([...was.map.keys(), ...now.map.keys()])].filter(
      (k) => value(was.get(k)) !== value(now.get(k)),
    );
    expect(changed.sort()).toEqual(['AP', 'V']);
    // The catalog, the AcroForm and the page are untouched by the approval's revision.
    expect(after.catalogRef().num).toBe(before.catalogRef().num);
    expect(value(after.catalog().map.get('AcroForm'))).toBe(value(before.catalog().map.get('AcroForm')));

    // Without a placement the seal goes to the centre of the reserved widget: the same bytes' geometry.
    const centred = await sign(certified, archive, {
      timestamper: t.timestamper,
      fieldName: 'Archives',
      seal: approvalSeal,
    });
    expect(pdfsig(t.save('certified-reserved-centred.pdf', centred), t.rootPem).signatures[1]).toMatchObject({
      valid: true,
    });
  });

  it('a seal that does not fit the reserved field: ERR_SIGN_FIELD_MISMATCH', async () => {
    const certified = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      certify: 2,
      reserveFields: [
        { name: 'Archives', seal: ROUND_SEAL, placement: { kind: 'page', page: 1, x: 300, y: 200 } },
      ],
    });
    await expect(
      sign(certified, archive, {
        timestamper: t.timestamper,
        fieldName: 'Archives',
        seal: ROUND_SEAL,
        placement: { kind: 'page', page: 1, x: 320, y: 200 },
      }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_FIELD_MISMATCH' });
    await expect(
      sign(certified, archive, {
        timestamper: t.timestamper,
        fieldName: 'Archives',
        reserveFields: [{ name: 'Later' }],
        seal: ROUND_SEAL,
      }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
    await expect(
      sign(fixture('mupdf.pdf'), t.credentials, {
        timestamper: t.timestamper,
        reserveFields: [{ name: 'Seal1' }],
      }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
  });

  it('certify P=1 locks the document: ERR_SIGN_LOCKED', async () => {
    const locked = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      certify: 1,
    });
    const file = t.save('certified-p1.pdf', locked);
    expect(pdfsig(file, t.rootPem).signatures[0]).toMatchObject({ valid: true, trusted: true });
    await expect(sign(locked, archive, { timestamper: t.timestamper })).rejects.toMatchObject({
      code: 'ERR_SIGN_LOCKED',
    });
  });

  it('a certification signature must come first: ERR_SIGN_CERTIFY_NOT_FIRST', async () => {
    const signed = await sign(fixture('mupdf.pdf'), t.credentials, { timestamper: t.timestamper });
    await expect(sign(signed, archive, { timestamper: t.timestamper, certify: 2 })).rejects.toMatchObject({
      code: 'ERR_SIGN_CERTIFY_NOT_FIRST',
    });
  });

  it('a taken field name is refused', async () => {
    const signed = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      fieldName: 'Registrar',
    });
    await expect(
      sign(signed, archive, { timestamper: t.timestamper, fieldName: 'Registrar' }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
  });
});
