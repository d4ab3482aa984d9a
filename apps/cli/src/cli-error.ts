import { OpenSealError } from '@openseal/common';

/** An error the CLI reports as one line on stderr with its exit code (2 = usage or input error). */
export class CliError extends OpenSealError<'ERR_CLI'> {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super('ERR_CLI', message);
  }
}
