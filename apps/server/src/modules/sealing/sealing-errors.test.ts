import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { PdfError } from '@openseal/pdf-sign';
import { PkiError } from '@openseal/pki';
import { TemplateError } from '@openseal/templates';
import { describe, expect, it } from 'vitest';
import { AppError, retryLater } from '../../errors.ts';
import { fromWire, RenderError, toWire, unsealableDocument } from './sealing-errors.ts';

/** `e` as the other side of a real port receives it. */
function acrossPort(e: unknown): RenderError | AppError {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(toWire(e));
  const received = receiveMessageOnPort(port2);
  port1.close();
  port2.close();
  if (!received) throw new Error('nothing arrived');
  return fromWire(received.message);
}

describe('errors across the renderer port', () => {
  it('keeps an AppError whole: class, code, status, details and wait', () => {
    const limited = acrossPort(retryLater('ERR_RATE_LIMITED', 5_000));
    expect(limited).toBeInstanceOf(AppError);
    expect(limited).toMatchObject({ code: 'ERR_RATE_LIMITED', status: 429, retryAfterMs: 5_000 });
    const unavailable = acrossPort(new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', 'seal s1', ['s1']));
    expect(unavailable).toMatchObject({
      code: 'ERR_CREDENTIAL_SEAL_UNAVAILABLE',
      status: 409,
      details: ['s1'],
    });
  });

  it("keeps a renderer's code, and names a library's code in a render failure", () => {
    const invalid = acrossPort(new RenderError('ERR_TEMPLATE_INVALID', 'no issuer slot'));
    expect(invalid).toBeInstanceOf(RenderError);
    expect(invalid).toMatchObject({ code: 'ERR_TEMPLATE_INVALID', message: 'no issuer slot' });
    expect(acrossPort(new TemplateError('ERR_TEMPLATE_GLYPH', 'U+1F600'))).toMatchObject({
      name: 'RenderError',
      code: 'ERR_TEMPLATE_GLYPH',
    });
    const tsa = acrossPort(new PkiError('ERR_TSA_FAILED', 'TSA timed out'));
    expect(tsa).toBeInstanceOf(RenderError);
    expect(tsa).toMatchObject({ code: 'ERR_RENDER_FAILED', message: 'ERR_TSA_FAILED: TSA timed out' });
    expect(acrossPort(new TypeError('boom'))).toMatchObject({ code: 'ERR_RENDER_FAILED', message: 'boom' });
  });
});

describe('unsealableDocument', () => {
  it("is the table's API code for a file the signing library refuses", () => {
    const refused = unsealableDocument(new PdfError('ERR_PDF_ENCRYPTED', 'encrypted'));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'ERR_SEAL_DOCUMENT_INVALID', status: 400 });
    const other = new Error('disk full');
    expect(unsealableDocument(other)).toBe(other);
  });
});
