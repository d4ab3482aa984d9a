import { Card, Space } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useLocale } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { HelpLink } from '../verify/help-link.tsx';

/**
 * The frame of a public page (no session): one card, as wide as a phone allows, with the language
 * switch, the way to /verify and the help on what the results mean (`help={false}` on the help page).
 */
export function PublicFrame({
  testId,
  help = true,
  children,
}: {
  testId: string;
  help?: boolean;
  children: ReactNode;
}) {
  const { t } = useLocale();
  return (
    <div
      style={{
        minHeight: '100vh',
        background: '#f0f2f5',
        padding: '16px 8px',
        boxSizing: 'border-box',
        display: 'flex',
        justifyContent: 'center',
      }}
    >
      <Card
        style={{ width: '100%', maxWidth: 860, alignSelf: 'flex-start' }}
        styles={{ body: { padding: '16px 12px' } }}
        title={t('app.shortTitle')}
        extra={<LanguageSwitch />}
        data-testid={testId}
      >
        {children}
        <Space direction="vertical" size={4} style={{ marginTop: 24, width: '100%', alignItems: 'center' }}>
          <Link to="/verify" data-testid="public-verify-link">
            {t('verify.link')}
          </Link>
          {help && <HelpLink />}
        </Space>
      </Card>
    </div>
  );
}
