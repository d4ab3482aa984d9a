import { PlusOutlined } from '@ant-design/icons';
import { type ContractTemplateSummary, routes } from '@openseal/contract';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import { contractTemplatePage } from './contract-template-paths.ts';

/** 合同模板: the templates the caller manages (and the active ones it may use); a row opens its editor. */
export function ContractTemplateList() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const { state } = useSession();
  const manages = state.status === 'signed-in' && hasPermission(state.user, 'templates.manage');
  const { load } = useApiGet(routes.listContractTemplates);
  const { unitName } = useOrgTree();
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  return (
    <Card
      title={<Typography.Text strong>{t('contractTpl.title')}</Typography.Text>}
      extra={
        manages && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="contract-tpl-new"
            onClick={() => navigate(contractTemplatePage('new'))}
          >
            {t('contractTpl.new')}
          </Button>
        )
      }
    >
      <Table<ContractTemplateSummary>
        data-testid="contract-tpl-table"
        {...listTableProps(load)}
        onRow={(r) =>
          ({
            'data-testid': 'contract-tpl-row',
            style: { cursor: r.manageable ? 'pointer' : 'default' },
            onClick: () => r.manageable && navigate(contractTemplatePage(r.id)),
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { key: 'name', title: t('contractTpl.name'), dataIndex: 'name' },
          {
            key: 'roles',
            title: t('contractTpl.roles'),
            render: (_, r) =>
              r.roles.map((role) => (
                <Tag key={role.key} color={role.kind === 'person' ? 'blue' : 'red'}>
                  {role.label}
                </Tag>
              )),
          },
          { key: 'unit', title: t('contractTpl.ownerUnit'), dataIndex: 'ownerUnitId', render: unitName },
          {
            key: 'version',
            title: t('contractTpl.version'),
            dataIndex: 'version',
            render: (v: number) => `v${v}`,
          },
          {
            key: 'active',
            title: t('contractTpl.active'),
            dataIndex: 'active',
            render: (v: boolean) =>
              v ? (
                <Tag color="green">{t('contractTpl.active.on')}</Tag>
              ) : (
                <Tag>{t('contractTpl.active.off')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}
