// Every error translation on the seal path: the seal step's refusals, the signing library's errors as
// the API's, and errors crossing the worker-thread boundary with their codes.
import {
  isOpenSealError,
  OpenSealError,
  rebuildError,
  type SerializedError,
  serializeError,
} from '@openseal/common';
import { isErrorCode } from '@openseal/contract';
import { AppearanceError, PdfError, SignError } from '@openseal/pdf-sign';
import { AppError, packageRefusal } from '../../errors.ts';

/** Why a seal cannot be used for this document by this caller. */
export type SealRefusal =
  | 'ERR_SEAL_SUSPENDED'
  | 'ERR_SEAL_INACTIVE'
  | 'ERR_SEAL_PHYSICAL'
  | 'ERR_SEAL_NOT_GRANTED'
  | 'ERR_SEAL_DOCUMENT_TYPE'
  | 'ERR_SEAL_QUOTA_EXHAUSTED';

const GRANT_REFUSALS: ReadonlySet<SealRefusal> = new Set<SealRefusal>([
  'ERR_SEAL_NOT_GRANTED',
  'ERR_SEAL_DOCUMENT_TYPE',
  'ERR_SEAL_QUOTA_EXHAUSTED',
]);

/** The audit outcome of a refusal: denied when the caller lacked the right, failure when nobody could use the seal. */
export function refusalOutcome(code: SealRefusal): 'denied' | 'failure' {
  return GRANT_REFUSALS.has(code) ? 'denied' : 'failure';
}

/** A file the signing library cannot seal (malformed, placement off the page, a refused certification). */
export function unsealableDocument(e: unknown): unknown {
  if (e instanceof SignError || e instanceof PdfError || e instanceof AppearanceError)
    return packageRefusal('sealDocument', e, `cannot seal this file: ${e.code}`);
  return e;
}

/** An issuing template's seal that cannot sign now (not found, not active, physical, without a key). */
export function templateSealUnavailable(detail: string): AppError {
  return new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', detail);
}

/** The codes a renderer thread reports for a document it could not render or seal. */
export type RenderErrorCode =
  | 'ERR_TEMPLATE_INVALID'
  | 'ERR_TEMPLATE_INPUT'
  | 'ERR_TEMPLATE_GLYPH'
  | 'ERR_SEAL_DOCUMENT_INVALID'
  | 'ERR_RENDER_FAILED';

const RENDER_CODES: ReadonlySet<string> = new Set<RenderErrorCode>([
  'ERR_TEMPLATE_INVALID',
  'ERR_TEMPLATE_INPUT',
  'ERR_TEMPLATE_GLYPH',
  'ERR_SEAL_DOCUMENT_INVALID',
  'ERR_RENDER_FAILED',
]);

const isRenderCode = (code: string): code is RenderErrorCode => RENDER_CODES.has(code);

/** A document that could not be rendered or sealed, with the renderer's code. */
export class RenderError extends OpenSealError<RenderErrorCode> {}

/** The signing library's refusal inside a renderer, as the renderer boundary names it. */
export function renderSignFailure(e: unknown): unknown {
  if (e instanceof SignError || e instanceof PdfError || e instanceof AppearanceError)
    return new RenderError('ERR_SEAL_DOCUMENT_INVALID', `${e.code}: ${e.message}`);
  return e;
}

/** An error as it crosses a worker thread's port: plain data, its class and code kept. */
export type WireError = SerializedError;

/** Any thrown value as wire data. */
export function toWire(e: unknown): WireError {
  return serializeError(e);
}

/**
 * Wire data as the error type its code belongs to: a renderer's code as a RenderError, an API code as
 * an AppError (rebuilt whole: status, details, wait); any other error (a library's) as a render
 * failure that names its code.
 */
export function fromWire(wire: WireError): RenderError | AppError {
  const e = rebuildError(wire, [RenderError, AppError]);
  if (!isOpenSealError(e)) return new RenderError('ERR_RENDER_FAILED', e.message);
  if (isRenderCode(e.code)) return e instanceof RenderError ? e : new RenderError(e.code, e.message);
  if (e instanceof AppError) return e;
  if (isErrorCode(e.code)) return new AppError(e.code, e.message);
  return new RenderError('ERR_RENDER_FAILED', `${e.code}: ${e.message}`);
}
