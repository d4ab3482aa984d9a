import { Alert, Modal, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** The key of a new or re-keyed account, shown this one time. */
export function ServiceAccountKey({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useLocale();
  return (
    <Modal
      open={secret !== null}
      title={t('svc.keyTitle')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('svc.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('svc.keyOnce')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable code data-testid="svc-key" style={{ wordBreak: 'break-all' }}>
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}
