import { type AppearanceErrorCode, OpenSealError } from '@openseal/common';

/** Stable codes for everything the appearance layer can refuse. Callers switch on `code`, never on the message. */
export type { AppearanceErrorCode };

export class AppearanceError extends OpenSealError<AppearanceErrorCode> {}
