// Staged uploads: a file enters the API as a raw body with its content type (POST /api/uploads), and
// the JSON bodies that need it (a request's file, a seal image, a PKCS#12 key) name it by its id.
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

/** The file types a request carries: a PDF, or a Word, Excel or OpenDocument file converted to PDF. */
export const REQUEST_FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
} as const;
export const SEAL_IMAGE_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;
export const PKCS12_TYPES = { p12: 'application/x-pkcs12', pfx: 'application/x-pkcs12' } as const;

/** Every type POST /api/uploads takes, by file extension. */
export const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  ...REQUEST_FILE_TYPES,
  ...SEAL_IMAGE_TYPES,
  ...PKCS12_TYPES,
};
export const UPLOAD_MEDIA_TYPES: readonly string[] = [...new Set(Object.values(UPLOAD_TYPES))];

/** A request's file: 20 MB at most. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/**
 * What one person may keep staged at once (five files at the largest size): enough for any form,
 * not enough for one account to fill the server's disk.
 */
export const MAX_STAGED_BYTES_PER_USER = 5 * MAX_UPLOAD_BYTES;
/** An upload not referenced within this time is deleted. */
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/**
 * The media type to send a file with: the browser's when the API takes it, else the one its extension
 * names (browsers leave `.p12` or `.doc` untyped on some systems); null for a file the API refuses.
 */
export function uploadMediaType(name: string, browserType: string): string | null {
  if (UPLOAD_MEDIA_TYPES.includes(browserType)) return browserType;
  return UPLOAD_TYPES[name.toLowerCase().split('.').pop() ?? ''] ?? null;
}

export const UploadQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, description: "The file's name, as the user sees it" }),
  },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;

export const Upload = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    mediaType: Type.String(),
    bytes: Type.Integer(),
    sha256: Type.String(),
    /** Unless a request names it before then (ISO 8601). */
    expiresAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Upload = Static<typeof Upload>;

/** A staged upload named in a JSON body; only its uploader may name it, once, within its hour. */
export const UploadRef = Type.Object(
  { uploadId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type UploadRef = Static<typeof UploadRef>;

export const postUploadRoute = {
  summary: 'Stage a file: the bytes as the body with their Content-Type; a request then names it by id',
  description:
    "PDF, Word, Excel and OpenDocument files (a request's file), PNG and SVG (a seal image), PKCS#12 (a seal key); 20 MB at most, and 100 MB staged per person at once (429 beyond). Kept for an hour, for its uploader only; deleted once a request using it succeeds.",
  tags: ['uploads'],
  querystring: UploadQuery,
  response: {
    201: Upload,
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    413: ErrorBody,
    415: ErrorBody,
    429: ErrorBody,
  },
} as const;
