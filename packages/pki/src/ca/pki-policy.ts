// Names, lifetimes and CRL periods of the built-in demonstration PKI.

import type { DistinguishedName } from '../x509/name.ts';

/** Names are encoded C, O, CN (X.500 order, most significant first), displayed CN first. */
function demoName(cn: string): DistinguishedName {
  return [
    { type: 'C', value: 'CN' },
    { type: 'O', value: '示范大学 / Demo University' },
    { type: 'CN', value: cn },
  ];
}

export const DEMO_NAMES = {
  root: demoName('示范大学 根CA / Demo University Root CA'),
  issuing: demoName('示范大学 签发CA / Demo University Issuing CA'),
  tsa: demoName('示范大学 时间戳服务 / Demo University TSA'),
  ocsp: demoName('示范大学 OCSP / Demo University OCSP'),
  demoSeal: demoName('示范大学公章 / Demo University Official Seal'),
} as const;

export const VALIDITY_YEARS = { root: 20, issuing: 10, tsa: 5, ocsp: 5, seal: 3 } as const;

/** CRL lifetime (nextUpdate - thisUpdate) per CA; a cached CRL is reissued after half of it. */
export const CRL_VALIDITY_MS = { root: 30 * 86_400_000, issuing: 86_400_000 } as const;

export function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
