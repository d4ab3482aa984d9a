export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn';

/** CRLReason code values (RFC 5280 5.3.1); 7 is unused, removeFromCRL (8) and aACompromise (10) are not issued. */
const codes: Readonly<Record<RevocationReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
};

const byCode = new Map<number, RevocationReason>(
  Object.entries(codes).map(([name, code]) => [code, name as RevocationReason]),
);

export function revocationReasonCode(reason: RevocationReason): number {
  return codes[reason];
}

/** The reason for a CRLReason code, or undefined for codes we do not name. */
export function revocationReasonFromCode(code: number): RevocationReason | undefined {
  return byCode.get(code);
}

export function isRevocationReason(value: string): value is RevocationReason {
  return Object.hasOwn(codes, value);
}
