import { type PendingPasswordReset, routes } from '@openseal/contract';
import { App, Button, Card, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useSchoolTime } from './school-time-context.tsx';

/**
 * A unit head's hand-over list: people of the unit whose password the system admin reset. The code is
 * revealed once, here, so the admin who asked for the reset never holds it.
 */
export function ResetHandoverCard() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const { message } = App.useApp();
  const { load, reload } = useApiGet(routes.listPasswordResets);
  const [shown, setShown] = useState<{ name: string; code: string } | null>(null);
  const rows = load.status === 'ready' ? load.data : [];
  if (rows.length === 0) return null;

  async function reveal(r: PendingPasswordReset) {
    try {
      const { code } = await api.call(routes.revealPasswordReset, { params: { id: r.id } });
      setShown({ name: r.displayName, code });
    } catch (e) {
      void message.error(errorText(e, locale));
    }
    reload();
  }

  return (
    <Card title={t('handover.title')} data-testid="reset-handover">
      <Typography.Paragraph type="secondary">{t('handover.intro')}</Typography.Paragraph>
      <Table<PendingPasswordReset>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        columns={[
          {
            key: 'person',
            title: t('handover.person'),
            render: (_, r) => `${r.displayName} (${r.username})`,
          },
          { key: 'issued', title: t('handover.issuedAt'), render: (_, r) => when(r.issuedAt) },
          { key: 'expires', title: t('handover.expiresAt'), render: (_, r) => when(r.expiresAt) },
          {
            key: 'action',
            title: '',
            render: (_, r) =>
              r.revealed ? (
                <Tag>{t('handover.revealed')}</Tag>
              ) : (
                <Button size="small" data-testid={`reveal-${r.username}`} onClick={() => void reveal(r)}>
                  {t('handover.reveal')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={shown !== null}
        title={shown ? t('handover.codeTitle', { name: shown.name }) : ''}
        footer={null}
        onCancel={() => setShown(null)}
      >
        <Typography.Paragraph>{t('handover.codeHint')}</Typography.Paragraph>
        <Typography.Title level={3} code copyable data-testid="revealed-code" style={{ textAlign: 'center' }}>
          {shown?.code}
        </Typography.Title>
      </Modal>
    </Card>
  );
}
