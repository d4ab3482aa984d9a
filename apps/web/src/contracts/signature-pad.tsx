import { useEffect, useRef } from 'react';
import { drawStrokes, type InkPoint, PAD, type Stroke } from './signature-ink.ts';

/** A point on the screen in pad units, to a tenth. */
const toPad = (box: DOMRect, at: { clientX: number; clientY: number }): InkPoint => ({
  x: Math.round(((at.clientX - box.left) * PAD.width * 10) / box.width) / 10,
  y: Math.round(((at.clientY - box.top) * PAD.height * 10) / box.height) / 10,
});

/**
 * A pad to sign on with a finger, a pen or the mouse (pointer events cover all three). The strokes
 * are the parent's: each one is handed over when the pen lifts; the pad redraws whatever it is given,
 * so clearing is passing none.
 */
export function SignaturePad({
  strokes,
  onStroke,
  label,
}: {
  strokes: readonly Stroke[];
  onStroke: (stroke: Stroke) => void;
  label: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const current = useRef<InkPoint[] | null>(null);
  const scale = useRef(1);

  // The backing store is sized to the pad as shown, at device resolution, so ink stays sharp.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const redraw = () => {
      const width = canvas.getBoundingClientRect().width || PAD.width;
      scale.current = (width * (window.devicePixelRatio || 1)) / PAD.width;
      canvas.width = Math.round(PAD.width * scale.current);
      canvas.height = Math.round(PAD.height * scale.current);
      const context = canvas.getContext('2d');
      if (context)
        drawStrokes(context, current.current ? [...strokes, current.current] : strokes, scale.current);
    };
    redraw();
    const observer = new ResizeObserver(redraw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [strokes]);

  /** Draws the newest segment of the stroke under way. */
  const extend = (points: readonly InkPoint[]) => {
    const context = canvasRef.current?.getContext('2d');
    if (context) drawStrokes(context, [points.slice(-2)], scale.current);
  };

  const finish = () => {
    const stroke = current.current;
    current.current = null;
    if (stroke && stroke.length > 0) onStroke(stroke);
  };

  return (
    <canvas
      ref={canvasRef}
      data-testid="signature-pad"
      data-strokes={strokes.length}
      role="img"
      aria-label={label}
      style={{
        display: 'block',
        width: '100%',
        aspectRatio: `${PAD.width} / ${PAD.height}`,
        // The finger draws instead of scrolling the page.
        touchAction: 'none',
        cursor: 'crosshair',
        background: '#fff',
        border: '1px dashed #bfbfbf',
        borderRadius: 8,
        backgroundImage: `linear-gradient(to top, transparent 24%, #e8e8e8 24%, #e8e8e8 calc(24% + 1px), transparent calc(24% + 1px))`,
      }}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        current.current = [toPad(event.currentTarget.getBoundingClientRect(), event)];
        extend(current.current);
      }}
      onPointerMove={(event) => {
        const stroke = current.current;
        if (!stroke) return;
        // Fast pens deliver several points per frame; take them all for a smooth line.
        const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
        const points = events.length > 0 ? events : [event.nativeEvent];
        const box = event.currentTarget.getBoundingClientRect();
        for (const e of points) {
          stroke.push(toPad(box, e));
          extend(stroke);
        }
      }}
      onPointerUp={finish}
      onPointerCancel={finish}
    />
  );
}
