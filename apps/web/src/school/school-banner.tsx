import { routes } from '@openseal/contract';
import { Space, Typography } from 'antd';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The school's logo and name in the UI language, over the sign-in form. */
export function SchoolBanner() {
  const { locale } = useLocale();
  const school = useApiGet(routes.getSchool);
  if (school.load.status !== 'ready') return null;
  const { nameZh, nameEn, logoUrl } = school.load.data;
  return (
    <Space align="center" size={12} style={{ marginBottom: 16 }} data-testid="school-banner">
      {logoUrl && <img src={logoUrl} alt="" height={48} data-testid="school-logo" />}
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="school-name">
        {locale === 'zh-CN' ? nameZh : nameEn}
      </Typography.Title>
    </Space>
  );
}
