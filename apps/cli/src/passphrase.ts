// The PKI passphrase: from OPENSEAL_PASSPHRASE, else asked for on a terminal without echo. Never
// logged, never written anywhere.
import { createInterface } from 'node:readline';
import { CliError } from './cli-error.ts';

export async function readPassphrase(
  env: NodeJS.ProcessEnv,
  opts: { confirm?: boolean } = {},
): Promise<string> {
  const fromEnv = env['OPENSEAL_PASSPHRASE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError('no passphrase: set OPENSEAL_PASSPHRASE or run on a terminal to be prompted', 2);
  }
  const first = await promptHidden('PKI passphrase: ');
  if (first.length < 8) throw new CliError('the passphrase must have at least 8 characters', 2);
  if (opts.confirm && (await promptHidden('Repeat passphrase: ')) !== first) {
    throw new CliError('the passphrases differ', 2);
  }
  return first;
}

function promptHidden(question: string): Promise<string> {
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
