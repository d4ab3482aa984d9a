import type { verificationWordsZh } from './verification-words.zh-CN.ts';

export const verificationWordsEn: Readonly<Record<keyof typeof verificationWordsZh, string>> = {
  'help.link': 'Help: what do the results mean?',
  'help.title': 'What the verification results mean',
  'help.intro':
    'This page checks the electronic seals (digital signatures) on a document: whether each seal is intact, whether the document was changed after sealing, whether the seal’s certificate comes from a trusted authority, and whether it was revoked. Each result means:',
  'help.verdict.authentic': 'Authentic',
  'help.verdict.authentic.text':
    'Sealed with a trusted seal and not changed since. A scanned credential also shows the archive record: “current” means the issuer has not withdrawn it.',
  'help.verdict.timestamped': 'Timestamped only, not sealed',
  'help.verdict.timestamped.text':
    'The file carries only a timestamp: it proves the file existed unchanged at that time, but not who issued it. Do not treat it as a sealed document.',
  'help.verdict.revoked': 'Revoked',
  'help.verdict.revoked.text':
    'The issuer has withdrawn the credential, or the seal’s certificate was revoked before sealing. The page shows when and why. Do not rely on it.',
  'help.verdict.modified': 'Modified after sealing',
  'help.verdict.modified.text':
    'The seal itself is intact, but the document was changed after it was sealed: what you see may not be what was sealed.',
  'help.verdict.invalid': 'Seal invalid',
  'help.verdict.invalid.text':
    'The sealed content was altered or the seal data is broken: do not trust the file.',
  'help.verdict.untrusted': 'Signer not confirmed',
  'help.verdict.untrusted.text':
    'The seal is intact, but its certificate was not issued by an authority this platform trusts, so who sealed it cannot be confirmed.',
  'help.verdict.indeterminate': 'Cannot be confirmed',
  'help.verdict.indeterminate.text':
    'Information needed for the check is missing (for example the certificate expired and no trusted timestamp proves the seal came first): neither valid nor invalid can be confirmed yet.',
  'help.verdict.unsigned': 'Not sealed',
  'help.verdict.unsigned.text': 'The file has no electronic seal; nothing proves where it comes from.',
  'help.paper':
    'Paper credentials: scan the QR code in the footer, or enter the document number and verification code on the verification page, to see the archived original; compare it with the paper page by page.',
  'verify.tech.title': 'Seal {n}',
  'verify.tech.timestampTitle': 'Document timestamp {n}',
  'verify.tech.signer': 'Signer certificate',
  'verify.tech.issuer': 'Issued by',
  'verify.tech.algorithm': 'Algorithm',
  'verify.tech.time': 'Time',
  'verify.tech.time.timestamp': ' (trusted timestamp)',
  'verify.tech.time.claimed': ' (claimed by the signer, no timestamp)',
  'verify.tech.level': 'PAdES level',
  'verify.tech.level.none': 'Not a PAdES baseline signature',
  'verify.tech.revocation': 'Revocation',
  'verify.tech.revocation.good': 'Not revoked',
  'verify.tech.revocation.revoked': 'Revoked',
  'verify.tech.revocation.unknown': 'Could not be established',
  'verify.tech.revocation.not-checked': 'Not checked',
  'verify.tech.revocation.at': 'revoked at {at}',
  'verify.tech.revocation.reason': 'reason: {reason}',
  'verify.tech.integrity': 'Integrity',
  'verify.tech.integrity.ok': 'The sealed content is unchanged and the signature value is correct',
  'verify.tech.integrity.bad': 'The sealed content or the signature value is not correct',
  'verify.tech.coverage': 'Covers',
  'verify.tech.coverage.whole': 'The whole file',
  'verify.tech.coverage.partial':
    'The file as it was when sealed (validation data or seals added later are checked separately)',
  'verify.tech.raw': 'Show the raw report (JSON)',
  'verify.tech.none': 'The file has no seal or timestamp.',
  'verify.signedByPerson': 'Signed by',
  'verify.personSignedAt': 'Signed at',
  'verify.certificateKind': 'Certificate type',
  'verify.kind.person': 'Personal certificate; the signer holds the key (browser or UKey)',
  'verify.kind.event': 'Event certificate: a one-time key the platform made for this signature and discarded',
};
