// The PKI passphrase: from OPENSEAL_PASSPHRASE, else asked for on a terminal without echo. Never
// logged, never written anywhere.
import { createInterface } from 'node:readline';
import { PkiError, passphraseWeakness } from '@openseal/pki';
import { CliError } from './cli-error.ts';

export interface PassphraseOptions {
  /** Ask twice on a terminal (a new passphrase). */
  confirm?: boolean;
  /** The variable it comes from; default OPENSEAL_PASSPHRASE. */
  variable?: string;
  /** Only to open a PKI whose passphrase is being changed: a weak one is what it replaces. */
  allowWeak?: boolean;
}

/** Refuses a weak passphrase (passphraseWeakness) unless `allowWeak`, saying how to change it. */
export async function readPassphrase(env: NodeJS.ProcessEnv, opts: PassphraseOptions = {}): Promise<string> {
  const variable = opts.variable ?? 'OPENSEAL_PASSPHRASE';
  const passphrase = await fromEnvOrTerminal(env, variable, opts.confirm ?? false);
  const weakness = opts.allowWeak ? null : passphraseWeakness(passphrase);
  if (weakness) {
    throw new PkiError(
      'ERR_KEY_PASSPHRASE_WEAK',
      `the PKI passphrase (${variable}) is too weak: ${weakness}. Choose a long one that is not a common ` +
        'password (e.g. five random words); an existing PKI takes it with `openseal pki passphrase --dir DIR`.',
    );
  }
  return passphrase;
}

async function fromEnvOrTerminal(
  env: NodeJS.ProcessEnv,
  variable: string,
  confirm: boolean,
): Promise<string> {
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError(`no passphrase: set ${variable} or run on a terminal to be prompted`, 2);
  }
  const first = await promptHidden(
    variable === 'OPENSEAL_PASSPHRASE' ? 'PKI passphrase: ' : 'New PKI passphrase: ',
  );
  if (confirm && (await promptHidden('Repeat passphrase: ')) !== first) {
    throw new CliError('the passphrases differ', 2);
  }
  return first;
}

export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    output._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
