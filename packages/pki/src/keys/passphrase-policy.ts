/** Fewer characters than this are refused whatever they are (NIST SP 800-63B asks 8 of a password). */
export const MIN_PASSPHRASE_LENGTH = 12;

// Words that make up most guessed passphrases. They are removed from the letters of a passphrase
// (lower-cased, digits, spaces and symbols dropped): "Change-Me 2026!", "password1234" and
// "OpenSeal-Passphrase" leave almost nothing.
const COMMON_WORDS = [
  'changeme',
  'changeit',
  'password',
  'passphrase',
  'passwd',
  'secret',
  'openseal',
  'admin',
  'administrator',
  'root',
  'test',
  'demo',
  'default',
  'letmein',
  'welcome',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'iloveyou',
  'abcdef',
  'correcthorsebatterystaple',
];
const COMMON_BY_LENGTH = COMMON_WORDS.toSorted((a, b) => b.length - a.length);

/**
 * Why a passphrase protecting private keys is too weak, in English words an operator acts on, or
 * null when it is acceptable. Pure: the CLI checks it at `pki init` and at every start.
 */
export function passphraseWeakness(passphrase: string): string | null {
  const chars = [...passphrase];
  if (chars.length < MIN_PASSPHRASE_LENGTH) {
    return `it has ${chars.length} characters; use at least ${MIN_PASSPHRASE_LENGTH}`;
  }
  if (new Set(chars).size < 5) return 'it repeats too few different characters';
  const letters = passphrase.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return 'it has no letters (digits and symbols only)';
  const rest = COMMON_BY_LENGTH.reduce((left, word) => left.replaceAll(word, ''), letters);
  if ([...rest].length < 4) return 'it is made of common words (change-me, password, openseal...)';
  return null;
}
