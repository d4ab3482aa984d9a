import type { ReactNode } from 'react';

/** The chosen seal's picture beside a line about it, under the seal select of a stamping form. */
export function SealPreviewBox({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <div
      data-testid={testId}
      style={{
        display: 'flex',
        gap: 16,
        alignItems: 'center',
        marginBottom: 16,
        padding: 12,
        background: '#fafafa',
        borderRadius: 8,
      }}
    >
      {children}
    </div>
  );
}
