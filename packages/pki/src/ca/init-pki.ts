import type { KeyObject } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { PkiError } from '../errors.ts';
import type { CryptoMode } from '../keys/crypto-mode.ts';
import { generateKeyPairAsync, type KeyAlgorithm } from '../keys/key-algorithm.ts';
import { PassphraseKdf } from '../keys/passphrase-kdf.ts';
import { softwareSigner } from '../keys/signer.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import type { CertificateProfile } from '../x509/certificate-profiles.ts';
import type { DistinguishedName } from '../x509/name.ts';
import type { PkiEntity } from './pki.ts';
import { type EntityName, writeEntity } from './pki-files.ts';
import { addYears, DEMO_NAMES, VALIDITY_YEARS } from './pki-policy.ts';
import { issuedRecord, type PkiState, writeState } from './pki-state.ts';
import { pkiUrls } from './pki-urls.ts';

export interface PkiInitOptions {
  dir: string;
  passphrase: string;
  /** Default rsa-2048. */
  keyAlgorithm?: KeyAlgorithm;
  /** Default 'http://localhost:8080/pki'. */
  baseUrl?: string;
  now?: Date;
  /** Overwrite the PKI files in a non-empty DIR. */
  force?: boolean;
  /** The envelope the keys are written in (default 'standard': encrypted PKCS#8). */
  mode?: CryptoMode;
  /**
   * Subject names replacing the demonstration ones (DEMO_NAMES), so two hierarchies side by side
   * (RSA/ECDSA and SM2) are told apart by name as well as by key.
   */
  names?: Partial<Record<EntityName, DistinguishedName>>;
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Creates the demonstration PKI in `dir`: root CA -> issuing CA -> TSA, OCSP responder and demo seal.
 * Keys are stored only encrypted (PKCS#8, or the SM4 envelope in the gm mode); pki.json is written last and marks a complete PKI.
 */
export async function initPki(opts: PkiInitOptions): Promise<void> {
  const { dir, passphrase } = opts;
  if (!passphrase)
    throw new PkiError('ERR_KEY_PASSPHRASE', 'a passphrase is required to protect the PKI keys');
  const kdf = new PassphraseKdf(passphrase);
  if (!opts.force && (await isNonEmptyDir(dir))) {
    throw new PkiError('ERR_PKI_EXISTS', `${dir} is not empty; use --force to overwrite the PKI in it`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const keyAlgorithm = opts.keyAlgorithm ?? 'rsa-2048';
  const baseUrl = (opts.baseUrl ?? 'http://localhost:8080/pki').replace(/\/+$/, '');
  const now = opts.now ?? new Date();
  const urls = pkiUrls(baseUrl);
  const names = { ...DEMO_NAMES, ...opts.names };
  const [rootKeys, issuingKeys, tsaKeys, ocspKeys, sealKeys] = await Promise.all(
    [0, 1, 2, 3, 4].map(() => generateKeyPairAsync(keyAlgorithm)),
  );

  const entity = (certificate: PkiEntity['certificate'], privateKey: KeyObject): PkiEntity => ({
    certificate,
    privateKey,
    signer: softwareSigner(privateKey),
  });

  const rootSigner = softwareSigner(rootKeys!.privateKey);
  const root = entity(
    await issueCertificate({
      profile: 'root-ca',
      subject: names.root,
      subjectPublicKey: rootKeys!.publicKey,
      selfSigner: rootSigner,
      notBefore: now,
      notAfter: addYears(now, VALIDITY_YEARS.root),
    }),
    rootKeys!.privateKey,
  );
  const issuing = entity(
    await issueCertificate({
      profile: 'issuing-ca',
      subject: names.issuing,
      subjectPublicKey: issuingKeys!.publicKey,
      issuer: root,
      notBefore: now,
      notAfter: addYears(now, VALIDITY_YEARS.issuing),
      // The OCSP responder is delegated by the issuing CA, so it cannot answer for the issuing CA itself.
      crlUrl: urls.crl.root,
      caIssuersUrl: urls.caIssuers.root,
    }),
    issuingKeys!.privateKey,
  );

  const fromIssuing = async (
    profile: CertificateProfile,
    subject: DistinguishedName,
    keys: { privateKey: KeyObject; publicKey: KeyObject },
    years: number,
  ): Promise<PkiEntity> =>
    entity(
      await issueCertificate({
        profile,
        subject,
        subjectPublicKey: keys.publicKey,
        issuer: issuing,
        notBefore: now,
        notAfter: addYears(now, years),
        ocspUrl: profile === 'ocsp' ? undefined : urls.ocsp,
        crlUrl: profile === 'ocsp' ? undefined : urls.crl.issuing,
        caIssuersUrl: profile === 'ocsp' ? undefined : urls.caIssuers.issuing,
      }),
      keys.privateKey,
    );
  const tsa = await fromIssuing('tsa', names.tsa, tsaKeys!, VALIDITY_YEARS.tsa);
  const ocsp = await fromIssuing('ocsp', names.ocsp, ocspKeys!, VALIDITY_YEARS.ocsp);
  const demoSeal = await fromIssuing('seal', names.demoSeal, sealKeys!, VALIDITY_YEARS.seal);

  const entities: Record<EntityName, PkiEntity> = { root, issuing, tsa, ocsp, demoSeal };
  await Promise.all(
    (Object.keys(entities) as EntityName[]).map((name) =>
      writeEntity(dir, name, entities[name], kdf, opts.mode ?? 'standard'),
    ),
  );
  const state: PkiState = {
    version: 1,
    baseUrl,
    keyAlgorithm,
    issued: [
      issuedRecord('root', issuing.certificate, 'issuing-ca'),
      issuedRecord('issuing', tsa.certificate, 'tsa'),
      issuedRecord('issuing', ocsp.certificate, 'ocsp'),
      issuedRecord('issuing', demoSeal.certificate, 'seal'),
    ],
    revocations: [],
    crlNumbers: { root: '0', issuing: '0' },
  };
  await writeState(dir, state);
}
