import { rebuildError, serializeError } from '@openseal/common';
import { PdfError, VerifyError } from '@openseal/pdf-sign';
import { PkiError } from '@openseal/pki';
import { TemplateError } from '@openseal/templates';
import { describe, expect, it } from 'vitest';
import { AppError, packageRefusal, retryLater } from './errors.ts';

describe('packageRefusal', () => {
  it('gives the same package code the API code of the step it was met in', () => {
    const unreadable = new PdfError('ERR_PDF_MALFORMED', 'no xref');
    const submitted = packageRefusal('requestFile', unreadable, 'the PDF cannot be read: ERR_PDF_MALFORMED');
    expect(submitted).toBeInstanceOf(AppError);
    expect(submitted).toMatchObject({ code: 'ERR_REQUEST_FILE_INVALID', status: 400 });
    expect(submitted.message).toBe('the PDF cannot be read: ERR_PDF_MALFORMED');
    expect(packageRefusal('sealDocument', unreadable).code).toBe('ERR_SEAL_DOCUMENT_INVALID');
    expect(packageRefusal('verifyDocument', unreadable).code).toBe('ERR_VERIFY_DOCUMENT_INVALID');
  });

  it('keeps the details the caller shows and the rows that differ inside a step', () => {
    const tooLarge = packageRefusal('verifyDocument', new VerifyError('ERR_PDF_TOO_LARGE', 'over 50 MB'));
    expect(tooLarge).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', status: 413, details: undefined });
    const glyph = new TemplateError('ERR_TEMPLATE_GLYPH', 'U+1F600 is not in the font');
    expect(packageRefusal('template', glyph, glyph.message, [glyph.message])).toMatchObject({
      code: 'ERR_TEMPLATE_GLYPH',
      details: ['U+1F600 is not in the font'],
    });
    expect(packageRefusal('credentialRender', glyph).code).toBe('ERR_CREDENTIAL_RENDER_FAILED');
    expect(packageRefusal('keyStore', new PkiError('ERR_PKCS11', 'CKR_PIN_INCORRECT'))).toMatchObject({
      code: 'ERR_HSM_UNAVAILABLE',
      status: 503,
      message: 'CKR_PIN_INCORRECT',
    });
  });
});

describe('AppError across a worker port', () => {
  it('comes back as an AppError with its code, status, details and wait', () => {
    const limited = retryLater('ERR_SIGN_IN_LIMITED', 90_000);
    const back = rebuildError(structuredClone(serializeError(limited)), [AppError, PkiError]);
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'ERR_SIGN_IN_LIMITED', status: 429, retryAfterMs: 90_000 });

    const refused = new AppError('ERR_TEMPLATE_INPUT', 'field "name"', ['/name']);
    const again = rebuildError(structuredClone(serializeError(refused)), [AppError]);
    expect(again).toBeInstanceOf(AppError);
    expect(again).toMatchObject({ code: 'ERR_TEMPLATE_INPUT', status: 400, details: ['/name'] });
  });
});
