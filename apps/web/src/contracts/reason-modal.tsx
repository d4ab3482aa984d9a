import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** Asks why (declining, voiding) before an act that ends the contract; the reason is kept and shown. */
export function ReasonModal({
  title,
  warning,
  okText,
  testId,
  onSubmit,
  onClose,
}: {
  title: string;
  warning: string;
  okText: string;
  /** Names the test ids: `${testId}-reason`, `${testId}-submit`, `${testId}-error`. */
  testId: string;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const [reason, setReason] = useState('');
  const { submit, submitting, error } = useSubmit(onSubmit);
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('form.cancel')}
      okButtonProps={{
        danger: true,
        disabled: !reason.trim(),
        loading: submitting,
        'data-testid': `${testId}-submit`,
      }}
      onOk={() => void submit(reason.trim())}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{warning}</Typography.Paragraph>
      {error !== null && (
        <Alert
          data-testid={`${testId}-error`}
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(error, locale)}
        />
      )}
      <Input.TextArea
        data-testid={`${testId}-reason`}
        rows={3}
        maxLength={500}
        showCount
        value={reason}
        placeholder={t('contracts.reasonPlaceholder')}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
