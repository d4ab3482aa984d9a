import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** Previous / "page n of m" / next, for a one-page-at-a-time PDF preview. */
export function PdfPager({
  page,
  pages,
  onPage,
  testId,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  testId: string;
}) {
  const { t } = useLocale();
  return (
    <Space>
      <Button
        size="small"
        icon={<LeftOutlined />}
        aria-label={t('stamp.prevPage')}
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      />
      <Typography.Text data-testid={testId}>{t('stamp.pageOf', { page, pages })}</Typography.Text>
      <Button
        size="small"
        icon={<RightOutlined />}
        aria-label={t('stamp.nextPage')}
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      />
    </Space>
  );
}
