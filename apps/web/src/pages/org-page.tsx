import { Card, Empty, Spin, Tag, Tree, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from './load-failed.tsx';

/** 组织机构: the school's units as a tree, fully expanded (a school has tens of units, not thousands). */
export function OrgPage() {
  const { t } = useLocale();
  const { load, tree } = useOrgTree();

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

  return <Card title={<Typography.Text strong>{t('nav.org')}</Typography.Text>}>{body}</Card>;
}
