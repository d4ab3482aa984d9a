import { type PasswordResetIssued, routes, type User } from '@openseal/contract';
import { Alert, type ButtonProps, Checkbox, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * The system admin's password reset: no password is typed or shown; the answer names the unit heads
 * who can reveal the one-time code to the user.
 */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const [resetTotp, setResetTotp] = useState(false);
  const [issued, setIssued] = useState<PasswordResetIssued | null>(null);
  const { submit, submitting, error } = useSubmit(async () => {
    setIssued(await api.call(routes.resetPassword, { params: { id: user.id }, body: { resetTotp } }));
  });
  return (
    <Modal
      open
      title={t('reset.title', { name: user.displayName || user.username })}
      okText={t('reset.submit')}
      okButtonProps={
        {
          danger: true,
          loading: submitting,
          disabled: issued !== null,
          'data-testid': 'reset-submit',
        } as ButtonProps
      }
      onOk={() => void submit(undefined)}
      onCancel={onClose}
      footer={issued ? null : undefined}
    >
      {issued ? (
        <Alert
          type="success"
          showIcon
          data-testid="reset-done"
          message={t('reset.done', {
            names: issued.deliveredTo.map((h) => `${h.displayName} (${h.username})`).join(', '),
            at: when(issued.expiresAt),
          })}
        />
      ) : (
        <>
          <Typography.Paragraph>{t('reset.intro')}</Typography.Paragraph>
          <Checkbox checked={resetTotp} onChange={(e) => setResetTotp(e.target.checked)}>
            {t('reset.alsoTotp')}
          </Checkbox>
          {error !== null && (
            <Alert type="error" showIcon style={{ marginTop: 16 }} message={errorText(error, locale)} />
          )}
        </>
      )}
    </Modal>
  );
}
