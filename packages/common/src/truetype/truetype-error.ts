import { OpenSealError } from '../errors.ts';

export type TrueTypeErrorCode = 'ERR_FONT_MALFORMED';

/** A font file that is not a TrueType-outline font, or whose tables contradict each other. */
export class TrueTypeFormatError extends OpenSealError<TrueTypeErrorCode> {
  constructor(message: string) {
    super('ERR_FONT_MALFORMED', message);
  }
}
