import { Alert, App, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';

/** The recovery codes, shown once: the person confirms keeping them before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        3. {t('totp.recoveryTitle')}
      </Typography.Title>
      <Alert type="warning" showIcon message={t('totp.recoveryIntro')} />
      <ol
        data-testid="recovery-codes"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))',
          gap: '4px 16px',
          fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
          fontSize: 15,
          margin: 0,
          paddingLeft: 28,
        }}
      >
        {codes.map((c) => (
          <li key={c} data-testid="recovery-code">
            {c}
          </li>
        ))}
      </ol>
      <Button
        onClick={() =>
          void navigator.clipboard
            ?.writeText(codes.join('\n'))
            .then(() => message.success(t('totp.recoveryCopied')))
        }
      >
        {t('totp.recoveryCopy')}
      </Button>
      <Checkbox data-testid="recovery-saved" checked={saved} onChange={(e) => setSaved(e.target.checked)}>
        {t('totp.recoverySaved')}
      </Checkbox>
      <Button type="primary" block disabled={!saved} onClick={onDone} data-testid="recovery-continue">
        {t('totp.continue')}
      </Button>
    </Space>
  );
}
