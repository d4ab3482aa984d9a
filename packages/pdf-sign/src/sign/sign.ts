// PAdES signing (ETSI EN 319 142-1 baseline B-B … B-LTA) of a PDF with an optional visible seal: one
// incremental update per signature, then for B-LT a DSS update and for B-LTA a document timestamp.
// With the key in process; external-signing.ts does the same in two steps for a key held elsewhere.

import { digestByteRange, embedContents } from './byte-range.ts';
import { extendToLevel } from './long-term-levels.ts';
import { buildPadesCms, estimateContentsSize } from './pades-cms.ts';
import { checkSignOptions } from './sign-option-checks.ts';
import type { SealCredentials, SignOptions } from './sign-options.ts';
import { planSignature } from './signature-plan.ts';

/** Headroom added to the measured CMS size when the estimated placeholder was too small. */
const RETRY_MARGIN = 1024;

export async function sign(
  pdf: Uint8Array,
  credentials: SealCredentials,
  options: SignOptions = {},
): Promise<Uint8Array> {
  const level = options.level ?? 'B-T';
  const { signer } = credentials;
  checkSignOptions(level, options, signer.keyType);
  const plan = await planSignature(pdf, options);
  const timestamper = level === 'B-B' ? undefined : options.timestamper;

  const signWith = async (size: number) => {
    const file = plan.write(size);
    const cms = await buildPadesCms(
      credentials,
      digestByteRange(file, signer.digestAlgorithm),
      timestamper,
      options.cmsForm,
    );
    return { file, cms };
  };
  let { file, cms } = await signWith(
    options.contentsSize ?? estimateContentsSize(credentials, !!timestamper),
  );
  if (cms.length > file.capacity && options.contentsSize === undefined) {
    ({ file, cms } = await signWith(cms.length + RETRY_MARGIN));
  }
  return extendToLevel(embedContents(file, cms), level, {
    timestamper: options.timestamper,
    revocation: options.revocation,
    chain: credentials.chain,
    digestAlgorithm: signer.digestAlgorithm,
  });
}
