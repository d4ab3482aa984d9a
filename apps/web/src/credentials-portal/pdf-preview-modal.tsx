import { Modal } from 'antd';
import type { ReactNode } from 'react';
import { PdfPages } from '../stamp/pdf-pages.tsx';

/** A PDF drawn page by page in a dialog that fits a phone (antd narrows dialogs to the screen). */
export function PdfPreviewModal({
  title,
  bytes,
  onClose,
  footer = null,
}: {
  title: ReactNode;
  /** null: closed. */
  bytes: Uint8Array | null;
  onClose: () => void;
  footer?: ReactNode;
}) {
  return (
    <Modal
      open={bytes !== null}
      title={title}
      onCancel={onClose}
      footer={footer}
      width={860}
      style={{ top: 16, maxWidth: 'calc(100vw - 16px)' }}
      styles={{ body: { maxHeight: 'calc(100vh - 160px)', overflowY: 'auto' } }}
      destroyOnHidden
    >
      <PdfPages bytes={bytes} testId="credential-preview" />
    </Modal>
  );
}
