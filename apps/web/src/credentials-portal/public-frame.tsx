import { Card } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useLocale } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';

/** The frame of a public page (no session): one card, as wide as a phone allows, with the language switch. */
export function PublicFrame({ testId, children }: { testId: string; children: ReactNode }) {
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
        <div style={{ marginTop: 24, textAlign: 'center' }}>
          <Link to="/verify" data-testid="public-verify-link">
            {t('verify.link')}
          </Link>
        </div>
      </Card>
    </div>
  );
}
