// 实名认证: the adapter contract a real-name provider implements (a bank-card or carrier three-element
// check, 公安 two-element check, a face-verification vendor). The platform passes what the person
// typed; the provider answers whether the elements match one real person, and a reference the
// evidence report keeps so the check can be traced at the provider. Nothing here is stored beyond
// the answer and a masked ID number.

export interface RealNameQuery {
  name: string;
  /** GB 11643 citizen ID number, upper-case X. */
  idNumber: string;
  /** Three elements (三要素) when present: the phone registered to the ID. */
  phone?: string;
}

export type RealNameMethod = 'two-element' | 'three-element' | 'face';

export interface RealNameAnswer {
  passed: boolean;
  method: RealNameMethod;
  /** The provider's transaction reference, quoted in the evidence. */
  reference: string;
  /** Why it did not pass, in the provider's words (never shown with the ID number). */
  reason?: string;
}

export interface RealNameProvider {
  /** Shown in the evidence: who performed the check. */
  readonly name: string;
  /** Throws only when the provider cannot be reached; a mismatch is `passed: false`. */
  check(query: RealNameQuery): Promise<RealNameAnswer>;
}

/** The ID number as the evidence shows it: first 3 and last 4 characters. */
export const maskIdNumber = (id: string): string =>
  `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits. */
export function validIdNumber(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}
