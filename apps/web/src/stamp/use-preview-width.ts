import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Width of a page preview: its container's width, within reason (`max`), so a page fits a phone's
 * screen as well as a desktop column.
 */
export function usePreviewWidth(max = 760): [React.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(Math.min(600, max));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 600);
      setWidth(Math.max(240, Math.min(w, max)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [max]);
  return [ref, width];
}
