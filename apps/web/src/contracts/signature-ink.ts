// A handwritten signature as strokes in the pad's own coordinates, and the PNG that goes on the page.

export interface InkPoint {
  x: number;
  y: number;
}
export type Stroke = readonly InkPoint[];

/** The pad's drawing space, whatever size it is shown at: wide like a signature line, tall enough for a finger. */
export const PAD = { width: 600, height: 240 } as const;
export const INK = { color: '#111111', width: 4 } as const;

/** Draws `strokes` (pad coordinates, shifted by `origin`) at `scale` device pixels per pad unit. */
export function drawStrokes(
  context: CanvasRenderingContext2D,
  strokes: readonly Stroke[],
  scale: number,
  origin: InkPoint = { x: 0, y: 0 },
): void {
  context.save();
  context.scale(scale, scale);
  context.translate(-origin.x, -origin.y);
  context.strokeStyle = INK.color;
  context.fillStyle = INK.color;
  context.lineWidth = INK.width;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    if (rest.length === 0) {
      // A tap is a dot.
      context.beginPath();
      context.arc(first.x, first.y, INK.width / 2, 0, Math.PI * 2);
      context.fill();
      continue;
    }
    context.beginPath();
    context.moveTo(first.x, first.y);
    for (const p of rest) context.lineTo(p.x, p.y);
    context.stroke();
  }
  context.restore();
}

/** The box around the ink, with a margin for the pen's width; null when nothing was drawn. */
export function inkBounds(
  strokes: readonly Stroke[],
  margin = 8,
): { x: number; y: number; width: number; height: number } | null {
  const points = strokes.flat();
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.max(0, Math.min(...xs) - margin);
  const y = Math.max(0, Math.min(...ys) - margin);
  const right = Math.min(PAD.width, Math.max(...xs) + margin);
  const bottom = Math.min(PAD.height, Math.max(...ys) + margin);
  return { x, y, width: Math.max(1, right - x), height: Math.max(1, bottom - y) };
}

/**
 * The signature as a PNG, cropped to the ink on a transparent ground so it sits on the page like ink,
 * drawn at `scale` pixels per pad unit (sharp when printed); null when nothing was drawn.
 */
export async function signaturePng(strokes: readonly Stroke[], scale = 2): Promise<Uint8Array | null> {
  const box = inkBounds(strokes);
  if (!box) return null;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(box.width * scale);
  canvas.height = Math.ceil(box.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return null;
  drawStrokes(context, strokes, scale, box);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}
