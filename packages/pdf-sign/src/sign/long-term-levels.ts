// What B-LT and B-LTA add after the signature's own revision: a DSS with the validation data, then a
// document timestamp over it.

import type { Certificate, DigestAlgorithm, Timestamper } from '@openseal/pki';
import { addDocumentTimestamp } from './document-timestamp.ts';
import { addValidationData } from './dss.ts';
import type { PadesLevel, RevocationSource } from './sign-options.ts';

export interface LongTermSources {
  /** Required for B-LTA. */
  timestamper?: Timestamper;
  /** Required for B-LT and B-LTA. */
  revocation?: RevocationSource;
  /** The signer's chain (issuing CA … root), for the DSS. */
  chain: readonly Certificate[];
  /** The document timestamp's imprint: the signature's digest. */
  digestAlgorithm: DigestAlgorithm;
}

/** `signed` extended to `level`; B-B and B-T are returned as they are. The sources are already checked. */
export async function extendToLevel(
  signed: Uint8Array,
  level: PadesLevel,
  sources: LongTermSources,
): Promise<Uint8Array> {
  let out = signed;
  if (level === 'B-LT' || level === 'B-LTA') {
    out = await addValidationData(out, {
      revocation: sources.revocation!,
      extraCertificates: sources.chain,
    });
  }
  if (level === 'B-LTA') {
    // ETSI EN 319 142-1 5.4 / 6.2.3: the DSS first, then the document timestamp over it, last. Its TSA is
    // the one that stamped the signature, whose chain and revocation data the DSS above already holds,
    // so the file can end with the document timestamp and stay LTA without a DSS after it.
    out = await addDocumentTimestamp(out, sources.timestamper!, { digestAlgorithm: sources.digestAlgorithm });
  }
  return out;
}
