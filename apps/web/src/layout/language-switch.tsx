import { Button } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useLocale();
  return (
    <Button
      type="link"
      data-testid="language-switch"
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {t('lang.switch')}
    </Button>
  );
}
