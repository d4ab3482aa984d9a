/** Where the built-in PKI publishes its services under `baseUrl` (what `openseal pki serve` serves). */
export interface PkiUrls {
  readonly ocsp: string;
  readonly crl: { readonly root: string; readonly issuing: string };
  readonly caIssuers: { readonly root: string; readonly issuing: string };
}

export function pkiUrls(baseUrl: string): PkiUrls {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    ocsp: `${base}/ocsp`,
    crl: { root: `${base}/crl/root-ca.crl`, issuing: `${base}/crl/issuing-ca.crl` },
    caIssuers: { root: `${base}/ca/root-ca.cer`, issuing: `${base}/ca/issuing-ca.cer` },
  };
}
