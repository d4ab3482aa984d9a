import { routes, type Seal, type SealAppearanceSpec } from '@openseal/contract';
import { useState } from 'react';
import { apiUrl } from '../api/api-url.ts';
import { SealSketch } from './seal-sketch.tsx';

/** FNV-1a of the spec's JSON, base 36: short, and different for every picture a change can make. */
function specVersion(spec: SealAppearanceSpec): string {
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(spec)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * The seal's picture. The server lets browsers cache it for minutes; naming the spec in the address
 * makes a changed (redrawn) seal load its new picture at once.
 */
export const sealImageUrl = (id: string, spec?: SealAppearanceSpec): string =>
  `${apiUrl(routes.sealImage, { params: { id } })}${spec ? `?v=${specVersion(spec)}` : ''}`;

/**
 * The seal's impression as the server draws it (SVG) or as uploaded, fitted into a `size` square.
 * Should the picture not load (refused, offline), a sketch drawn from the seal's spec stands in, so a
 * list of seals never shows broken images.
 */
export function SealImage({ seal, size }: { seal: Pick<Seal, 'id' | 'name' | 'spec'>; size: number }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <div
        data-testid="seal-image-fallback"
        title={seal.name}
        style={{ width: size, height: size, display: 'grid', placeItems: 'center', opacity: 0.8 }}
      >
        {seal.spec.kind === 'image' ? null : <SealSketch spec={seal.spec} />}
      </div>
    );
  }
  return (
    <img
      data-testid="seal-image"
      src={sealImageUrl(seal.id, seal.spec)}
      alt={seal.name}
      width={size}
      height={size}
      style={{ objectFit: 'contain', display: 'block' }}
      onError={() => setFailed(true)}
    />
  );
}
