import { QuestionCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useLocale } from '../i18n/locale-context.tsx';

export const HELP_PATH = '/help/verify';

/** The link to the page that explains each verification result, on every public page. */
export function HelpLink() {
  const { t } = useLocale();
  return (
    <Link to={HELP_PATH} data-testid="help-link">
      <QuestionCircleOutlined /> {t('help.link')}
    </Link>
  );
}
