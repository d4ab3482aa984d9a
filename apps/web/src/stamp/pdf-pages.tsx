import { Alert, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import { PdfPagePreview, type SealGhost } from './pdf-page-preview.tsx';
import { openPdf, type PDFDocumentProxy } from './pdfjs.ts';
import { usePreviewWidth } from './use-preview-width.ts';

const pageNumbers = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/**
 * Every page of a PDF, one under the other, as wide as the container allows (phones included);
 * `mark` shows where a seal will land (its picture when `ghost` is known).
 */
export function PdfPages({
  bytes,
  testId,
  mark = null,
  ghost = null,
}: {
  bytes: Uint8Array | null;
  testId: string;
  mark?: { page: number; x: number; y: number } | null;
  ghost?: SealGhost | null;
}) {
  const { t } = useLocale();
  const [ref, width] = usePreviewWidth(900);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!bytes) return;
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    setFailed(null);
    openPdf(bytes).then(
      (d) => {
        opened = d;
        if (live) setDoc(d);
        else void d.destroy();
      },
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
      setDoc(null);
      void opened?.destroy();
    };
  }, [bytes]);

  return (
    <div ref={ref} data-testid={testId} data-pages={doc?.numPages ?? 0}>
      {failed && <Alert type="error" showIcon message={t('stamp.renderFailed', { reason: failed })} />}
      {!failed && !doc && <Spin style={{ display: 'block', padding: 48 }} />}
      {doc &&
        pageNumbers(doc.numPages).map((n) => (
          <div key={n} style={{ marginBottom: 12 }}>
            <PdfPagePreview
              doc={doc}
              pageNumber={n}
              width={width}
              ghost={mark?.page === n ? ghost : null}
              mark={mark?.page === n ? mark : null}
              onPick={null}
            />
          </div>
        ))}
    </div>
  );
}
