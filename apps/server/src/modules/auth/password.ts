import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet minimum for argon2id: m = 19 MiB, t = 2, p = 1.
// algorithm 2 is Argon2id: the package's Algorithm enum is a const enum, unusable under verbatimModuleSyntax.
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export function verifyPassword(phc: string, password: string): Promise<boolean> {
  return verify(phc, password).catch(() => false);
}

/** Compared against when the username is unknown, so both answers take the same time. */
export const DUMMY_HASH_INPUT = 'openseal-dummy-password';

/** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 93 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  // 256 % 57 != 0: the slight bias is irrelevant at this length.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
