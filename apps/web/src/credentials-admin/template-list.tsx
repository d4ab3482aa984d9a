import { PlusOutlined } from '@ant-design/icons';
import { type CredentialTemplateSummary, routes } from '@openseal/contract';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';

/** 凭证模板: every credential type in the admin's scope; a row opens it in the designer. */
export function TemplateList() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const { load } = useApiGet(routes.listCredentialTemplates);
  const { unitName } = useOrgTree();
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  return (
    <Card
      title={<Typography.Text strong>{t('tpl.title')}</Typography.Text>}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="tpl-new"
          onClick={() => navigate('/templates/new')}
        >
          {t('tpl.new')}
        </Button>
      }
    >
      <Table<CredentialTemplateSummary>
        data-testid="tpl-table"
        {...listTableProps(load)}
        onRow={(r) =>
          ({
            'data-testid': 'tpl-row',
            'data-code': r.code,
            style: { cursor: 'pointer' },
            onClick: () => navigate(`/templates/${encodeURIComponent(r.id)}`),
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'code',
            title: t('tpl.code'),
            dataIndex: 'code',
            render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
          },
          {
            key: 'name',
            title: t('tpl.name'),
            render: (_, r) => (
              <>
                <div>{locale === 'zh-CN' ? r.name.zh : r.name.en}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {locale === 'zh-CN' ? r.name.en : r.name.zh}
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'audience',
            title: t('tpl.audience'),
            dataIndex: 'audience',
            render: (a: CredentialTemplateSummary['audience']) => t(`tpl.audience.${a}`),
          },
          { key: 'unit', title: t('tpl.ownerUnit'), dataIndex: 'ownerUnitId', render: unitName },
          {
            key: 'seals',
            title: t('tpl.seals'),
            render: (_, r) =>
              r.seals.map((s) => (
                <Tag key={s.role} color={s.role === 'issuer' ? 'red' : 'volcano'}>
                  {t(`tpl.sealRole.${s.role}`)}
                </Tag>
              )),
          },
          {
            key: 'approval',
            title: t('tpl.requiresApproval'),
            dataIndex: 'requiresApproval',
            render: (v: boolean) => (v ? <Tag color="gold">{t('tpl.yes')}</Tag> : t('tpl.no')),
          },
          {
            key: 'version',
            title: t('tpl.version'),
            dataIndex: 'version',
            render: (v: number) => <span data-testid="tpl-row-version">v{v}</span>,
          },
          {
            key: 'active',
            title: t('tpl.active'),
            dataIndex: 'active',
            render: (v: boolean) =>
              v ? <Tag color="green">{t('tpl.active.on')}</Tag> : <Tag>{t('tpl.active.off')}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
