import { OpenSealError, type PkiErrorCode } from '@openseal/common';

/** Stable error codes of the PKI package. Callers branch on `code`, never on message text. */
export type { PkiErrorCode };

export class PkiError extends OpenSealError<PkiErrorCode> {}
