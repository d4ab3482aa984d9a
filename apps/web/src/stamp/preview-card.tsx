import { Alert, Card } from 'antd';
import type { ReactNode, RefObject } from 'react';

/** The grey card a stamping page shows its file in, with the problem of the chosen file above it. */
export function PreviewCard({
  title,
  extra,
  minHeight,
  widthRef,
  fileError,
  errorTestId,
  children,
}: {
  title: ReactNode;
  extra: ReactNode;
  minHeight: number;
  /** Measures the room for the page (from `usePreviewWidth`). */
  widthRef: RefObject<HTMLDivElement>;
  fileError: string | null;
  errorTestId: string;
  children: ReactNode;
}) {
  return (
    <Card title={title} extra={extra} styles={{ body: { background: '#f5f5f5', minHeight } }}>
      <div ref={widthRef}>
        {fileError && (
          <Alert
            data-testid={errorTestId}
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={fileError}
          />
        )}
        {children}
      </div>
    </Card>
  );
}
