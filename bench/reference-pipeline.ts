// The reference pipeline the issue compares us with: pdf-lib adds the placeholder, @signpdf signs
// with a PKCS#12 (node-forge inside). It produces no timestamp, so its figure is for less work
// than our B-T seal.
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import signpdfPackage from '@signpdf/signpdf';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';

// A CommonJS package whose default export is the signer instance.
const signpdf = signpdfPackage.default;

export function p12From(keyPem: string, certPems: readonly string[]): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const certs = certPems.map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, 'bench', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export async function referenceSeal(pdf: Uint8Array, p12: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'bench',
    contactInfo: '',
    name: 'Demo',
    location: '',
    signatureLength: 8192,
  });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  // A P12Signer signs only once (NOTES.md), so each document gets a new one, as in real use.
  return signpdf.sign(withPlaceholder, new P12Signer(p12, { passphrase: 'bench' }));
}
