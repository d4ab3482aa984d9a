import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@openseal/contract';
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { FileStoreError } from './file-store.ts';
import { waitInWords } from './wait-words.ts';

function body(code: ErrorCode, requestId: string, details?: readonly string[], waitMs?: number): ErrorBody {
  const { en, zh } = ERROR_CODES[code];
  const out: ErrorBody = {
    code,
    message: en.replace('{wait}', waitInWords(waitMs, 'en')),
    messageZh: zh.replace('{wait}', waitInWords(waitMs, 'zh')),
    requestId,
  };
  if (details && details.length > 0) out.details = [...details];
  return out;
}

function frameworkClientError(error: FastifyError): ErrorCode | undefined {
  switch (error.statusCode) {
    case 413:
      return 'ERR_PAYLOAD_TOO_LARGE';
    case 415:
      return 'ERR_UNSUPPORTED_MEDIA_TYPE';
    case 400:
      return 'ERR_BAD_REQUEST';
    default:
      return undefined;
  }
}

/** Maps every error to the contract table: AppError by its code, schema failures to ERR_VALIDATION. */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) {
        if (error.status >= 500) request.log.error({ err: error }, error.message);
        if (error.retryAfterMs !== undefined)
          reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
        return reply
          .status(error.status)
          .send(body(error.code, request.id, error.details, error.retryAfterMs));
      }
      if ('validation' in error && error.validation) {
        const details = error.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? 'is invalid'}`);
        return reply.status(400).send(body('ERR_VALIDATION', request.id, details));
      }
      // A stored file that fails authentication is refused by name, never served altered.
      if (error instanceof FileStoreError && error.code === 'ERR_FILE_CORRUPT') {
        request.log.error({ err: error }, error.message);
        return reply.status(500).send(body('ERR_STORED_FILE_CORRUPT', request.id));
      }
      // Fastify's own refusals of a request (body too large, bad JSON, wrong content type) are the
      // client's, not ours: a clear 4xx, never a 500.
      const framework = frameworkClientError(error);
      if (framework) return reply.status(ERROR_CODES[framework].status).send(body(framework, request.id));
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send(body('ERR_INTERNAL', request.id));
    });
    app.setNotFoundHandler((request, reply) => reply.status(404).send(body('ERR_NOT_FOUND', request.id)));
  },
  { name: 'error-handler' },
);
