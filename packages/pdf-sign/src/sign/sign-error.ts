// The one error type of the signer. Callers branch on `code`, never on the message.
import { OpenSealError, type SignErrorCode } from '@openseal/common';

export type { SignErrorCode };

export class SignError extends OpenSealError<SignErrorCode> {}
