import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadProps } from 'antd';
import { formatBytes } from '../files/format-bytes.ts';
import { useLocale } from '../i18n/locale-context.tsx';

export interface Picked {
  file: File;
  /** An object URL for showing an uploaded image in the form. */
  url?: string;
}

/**
 * One file chosen in a seal form. It stays in the browser until the form is submitted: antd's own
 * upload is switched off, and a file over `max` bytes is refused on the spot.
 */
export function FilePicker({
  accept,
  max,
  picked,
  onPick,
  label,
  testId,
  withUrl,
  onChange,
}: {
  accept: string;
  max: number;
  picked: Picked | null;
  onPick: (picked: Picked | null) => void;
  label: string;
  testId: string;
  withUrl: boolean;
  /** Set by an enclosing `Form.Item`, so picking a file re-runs its validation. */
  onChange?: UploadProps['onChange'];
}) {
  const { t } = useLocale();
  const { message } = App.useApp();
  return (
    <Upload
      accept={accept}
      maxCount={1}
      data-testid={testId}
      fileList={picked ? [{ uid: '1', name: picked.file.name, status: 'done' }] : []}
      beforeUpload={(file) => {
        if (file.size > max) {
          void message.error(t('seals.fileTooLarge', { max: formatBytes(max) }));
          return Upload.LIST_IGNORE;
        }
        onPick({ file, ...(withUrl ? { url: URL.createObjectURL(file) } : {}) });
        return false;
      }}
      onRemove={() => onPick(null)}
      onChange={onChange}
    >
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );
}
