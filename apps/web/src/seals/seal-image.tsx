import type { Seal } from '@openseal/contract';
import { useState } from 'react';
import { SealSketch } from './seal-sketch.tsx';

export const sealImageUrl = (id: string): string => `/api/seals/${encodeURIComponent(id)}/image`;

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
      src={sealImageUrl(seal.id)}
      alt={seal.name}
      width={size}
      height={size}
      style={{ objectFit: 'contain', display: 'block' }}
      onError={() => setFailed(true)}
    />
  );
}
