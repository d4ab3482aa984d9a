import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';
import type { ReactNode } from 'react';

/** The drop area a stamping page starts from; the chosen file goes to `onFile`, never uploaded by antd. */
export function PdfDropZone({
  testId,
  accept,
  text,
  hint,
  onFile,
}: {
  testId: string;
  accept: string;
  text: ReactNode;
  hint: ReactNode;
  onFile: (file: File) => void;
}) {
  return (
    <Upload.Dragger
      data-testid={testId}
      accept={accept}
      showUploadList={false}
      beforeUpload={(file) => {
        onFile(file);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{text}</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  );
}
