import { SEAL_WARNINGS, type SealWarning } from '@openseal/contract';
import { Alert } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** What a validator may hold against the file just sealed, in the page's language. */
export function SealWarningAlerts({ warnings }: { warnings: readonly SealWarning[] }) {
  const { locale } = useLocale();
  return warnings.map((w) => (
    <Alert
      key={w}
      type="warning"
      showIcon
      style={{ margin: '8px 0', textAlign: 'left' }}
      data-testid="seal-warning"
      data-code={w}
      message={SEAL_WARNINGS[w][locale === 'en' ? 'en' : 'zh']}
    />
  ));
}
