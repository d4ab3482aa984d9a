import type { Appearance } from './appearance.ts';

/** An appearance centred on a point of the page: user space, y up. */
export interface PlacedAppearance {
  readonly app: Appearance;
  readonly x: number;
  readonly y: number;
}

const encoder = new TextEncoder();
const num = (n: number): string => String(Math.round(n * 1000) / 1000 + 0);

/**
 * Several appearances drawn as one: the union of their boxes, each drawn where it would stand alone,
 * so one widget shows a signature and, a few centimetres away, its signing date. Null when a part
 * after the first needs resources of its own (an image), which one appearance cannot hold apart.
 */
export function composeAppearances(parts: readonly PlacedAppearance[]): PlacedAppearance | null {
  const [first, ...rest] = parts;
  if (!first) return null;
  if (rest.some((p) => p.app.resources.get('XObject') !== undefined)) return null;
  const boxes = parts.map((p) => ({
    part: p,
    left: p.x - p.app.width / 2,
    bottom: p.y - p.app.height / 2,
  }));
  const left = Math.min(...boxes.map((b) => b.left));
  const bottom = Math.min(...boxes.map((b) => b.bottom));
  const right = Math.max(...boxes.map((b) => b.left + b.part.app.width));
  const top = Math.max(...boxes.map((b) => b.bottom + b.part.app.height));
  const chunks: Uint8Array[] = [];
  for (const b of boxes) {
    chunks.push(encoder.encode(`q 1 0 0 1 ${num(b.left - left)} ${num(b.bottom - bottom)} cm\n`));
    chunks.push(b.part.app.content);
    chunks.push(encoder.encode('\nQ\n'));
  }
  const content = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    content.set(c, at);
    at += c.length;
  }
  return {
    app: { width: right - left, height: top - bottom, content, resources: first.app.resources },
    x: (left + right) / 2,
    y: (bottom + top) / 2,
  };
}
