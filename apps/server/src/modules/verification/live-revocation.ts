// The built-in PKI's own revocation state, as fresh OCSP responses for public verification: the platform
// holds the truth about its seals, so a seal revoked a minute ago is known to be revoked now, and the
// response postdates any signing time (ETSI EN 319 102-1 freshness). Nothing is cached.
import type { RevocationFetcher } from '@openseal/pdf-sign';
import { type Certificate, createOcspResponder, type OcspResponder, type Pki } from '@openseal/pki';

const fetchers = new WeakMap<Pki, RevocationFetcher>();

/** The live answers of every built-in hierarchy (RSA/ECDSA and SM2): each answers for its own CAs. */
export function liveRevocationOf(pkis: readonly Pki[], clock: () => Date): RevocationFetcher {
  const each = pkis.map((pki) => liveRevocation(pki, clock));
  return {
    ocsp: async (cert, issuer) => {
      for (const fetcher of each) {
        const found = await fetcher.ocsp(cert, issuer);
        if (found) return found;
      }
      return undefined;
    },
    crl: async () => undefined,
  };
}

function liveRevocation(pki: Pki, clock: () => Date): RevocationFetcher {
  let fetcher = fetchers.get(pki);
  if (fetcher) return fetcher;
  // RFC 6960 4.2.2.2: the delegated responder answers for the issuing CA's certificates; the root
  // answers for what it issued (the issuing CA) with its own key.
  const issuing = createOcspResponder({
    issuer: pki.issuing.certificate,
    responder: { certificate: pki.ocsp.certificate, signer: pki.ocsp.signer },
    status: (serial) => pki.revocationStatusBySerial('issuing', serial),
    clock,
  });
  const root = createOcspResponder({
    issuer: pki.root.certificate,
    responder: { certificate: pki.root.certificate, signer: pki.root.signer },
    status: (serial) => pki.revocationStatusBySerial('root', serial),
    clock,
  });
  const responderFor = (issuer: Certificate): OcspResponder | undefined => {
    const fp = issuer.fingerprint();
    if (fp === pki.issuing.certificate.fingerprint()) return issuing;
    if (fp === pki.root.certificate.fingerprint()) return root;
    return undefined;
  };
  fetcher = {
    ocsp: async (cert, issuer) => responderFor(issuer)?.responseFor(cert),
    crl: async () => undefined,
  };
  fetchers.set(pki, fetcher);
  return fetcher;
}
