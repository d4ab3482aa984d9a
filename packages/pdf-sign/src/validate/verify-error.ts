// Documents that cannot be read at all. A readable document with bad signatures gets a report instead.
import { OpenSealError, type VerifyErrorCode } from '@openseal/common';

export type { VerifyErrorCode };

export class VerifyError extends OpenSealError<VerifyErrorCode> {}
