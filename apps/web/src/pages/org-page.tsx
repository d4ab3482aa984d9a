import { Card, Empty, Space, Spin, Tag, Tree, Typography } from 'antd';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { useOrgTree } from '../org/use-org-tree.ts';
import { SchoolCard } from '../school/school-card.tsx';
import { LoadFailed } from './load-failed.tsx';

/** 组织机构: the school's units as a tree, fully expanded (a school has tens of units, not thousands). */
export function OrgPage() {
  const { t } = useLocale();
  const { load, tree } = useOrgTree();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;

  let body: React.ReactNode;
  if (load.status === 'loading') body = <Spin />;
  else if (load.status === 'failed') body = <LoadFailed error={load.error} />;
  else if (tree.length === 0) body = <Empty description={t('org.empty')} />;
  else {
    body = (
      <Tree<OrgTreeNode>
        data-testid="org-tree"
        treeData={tree}
        defaultExpandAll
        selectable={false}
        titleRender={(node) => (
          <>
            <span>{node.title}</span> <Tag bordered={false}>{t(`org.kind.${node.kind}`)}</Tag>
          </>
        )}
      />
    );
  }

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {me && hasPermission(me, 'org.create') && <SchoolCard />}
      <Card title={<Typography.Text strong>{t('nav.org')}</Typography.Text>}>{body}</Card>
    </Space>
  );
}
