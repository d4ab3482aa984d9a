import { Spin } from 'antd';
import type { PageViewport, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from './pdfjs.ts';

/** The seal as it will print: its size in PDF points and its picture. */
export interface SealGhost {
  widthPt: number;
  /** null: keep the picture's own aspect ratio (uploaded images). */
  heightPt: number | null;
  imageUrl: string;
  /** The outline shown should the picture not load. */
  shape: 'ellipse' | 'rect';
}

interface Point {
  x: number;
  y: number;
}

/**
 * One page of the PDF drawn by pdf.js at `width` CSS pixels. A click reports the point in PDF user
 * space (origin bottom-left of the MediaBox, before /Rotate) via the viewport's own conversion, which
 * is exactly what the seal placement expects; `mark` (in the same space) shows where the seal lands.
 */
export function PdfPagePreview({
  doc,
  pageNumber,
  width,
  ghost,
  mark,
  onPick,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  ghost: SealGhost | null;
  mark: Point | null;
  onPick: ((point: Point) => void) | null;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState<PageViewport | null>(null);
  const [rendering, setRendering] = useState(true);
  const [hover, setHover] = useState<Point | null>(null);
  const [pictureFailed, setPictureFailed] = useState(false);
  const pictureUrl = ghost?.imageUrl;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new seal's picture gets a fresh try
  useEffect(() => setPictureFailed(false), [pictureUrl]);

  useEffect(() => {
    let live = true;
    let task: RenderTask | null = null;
    setRendering(true);
    void (async () => {
      const page = await doc.getPage(pageNumber);
      if (!live) return;
      const unit = page.getViewport({ scale: 1 });
      const view = page.getViewport({ scale: width / unit.width });
      const canvas = canvasRef.current;
      const context = canvas?.getContext('2d');
      if (!canvas || !context) return;
      // Drawn at device resolution, shown at CSS size, so the preview stays sharp on HiDPI screens.
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(view.width * ratio);
      canvas.height = Math.floor(view.height * ratio);
      canvas.style.width = `${view.width}px`;
      canvas.style.height = `${view.height}px`;
      task = page.render({
        canvasContext: context,
        viewport: view,
        ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}),
      });
      try {
        await task.promise;
      } catch {
        return; // cancelled by a newer render
      }
      if (live) {
        setViewport(view);
        setRendering(false);
      }
    })();
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, pageNumber, width]);

  const local = (event: React.MouseEvent<HTMLCanvasElement>): Point => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };

  const ghostAt = (at: Point, opacity: number, testId: string) => {
    if (!ghost || !viewport) return null;
    const turned = viewport.rotation % 180 !== 0;
    const w = (turned && ghost.heightPt ? ghost.heightPt : ghost.widthPt) * viewport.scale;
    const h =
      ghost.heightPt === null ? undefined : (turned ? ghost.widthPt : ghost.heightPt) * viewport.scale;
    const style: React.CSSProperties = {
      position: 'absolute',
      left: at.x,
      top: at.y,
      width: w,
      height: h,
      transform: `translate(-50%, -50%) rotate(${viewport.rotation}deg)`,
      opacity,
      pointerEvents: 'none',
    };
    if (pictureFailed) {
      const outline = ghost.shape === 'ellipse' ? '50%' : 0;
      return (
        <div
          data-testid={testId}
          style={{ ...style, height: h ?? w, border: '2px dashed #d9262b', borderRadius: outline }}
        />
      );
    }
    return (
      <img
        data-testid={testId}
        src={ghost.imageUrl}
        alt=""
        style={{ ...style, mixBlendMode: 'multiply' }}
        onError={() => setPictureFailed(true)}
      />
    );
  };

  const markCss =
    mark && viewport ? (viewport.convertToViewportPoint(mark.x, mark.y) as [number, number]) : null;

  return (
    <Spin spinning={rendering}>
      <div
        style={{
          position: 'relative',
          width: 'fit-content',
          margin: '0 auto',
          boxShadow: '0 1px 6px rgba(0,0,0,0.18)',
          background: '#fff',
          overflow: 'hidden',
        }}
      >
        <canvas
          ref={canvasRef}
          data-testid="pdf-page"
          style={{ display: 'block', cursor: onPick ? 'crosshair' : 'default' }}
          onMouseMove={(e) => onPick && setHover(local(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            if (!onPick || !viewport) return;
            const p = local(e);
            const [x, y] = viewport.convertToPdfPoint(p.x, p.y) as [number, number];
            onPick({ x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 });
          }}
        />
        {markCss && ghostAt({ x: markCss[0], y: markCss[1] }, 0.9, 'seal-mark')}
        {onPick && hover && ghostAt(hover, 0.35, 'seal-ghost')}
      </div>
    </Spin>
  );
}
