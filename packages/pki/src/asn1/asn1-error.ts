import { PkiError } from '../errors.ts';

/** Malformed or unsupported DER. Always fail closed: callers treat it as "cannot be trusted". */
export class Asn1Error extends PkiError {
  constructor(message: string) {
    super('ERR_ASN1_MALFORMED', message);
  }
}
