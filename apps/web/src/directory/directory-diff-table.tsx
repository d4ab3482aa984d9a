import type { DirectoryDiff } from '@openseal/contract';
import { Alert, Table, Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

interface Row {
  id: string;
  kind: 'unit' | 'person';
  key: string;
  name: string;
  parent: string | null;
  change: string;
}

const CHANGE_COLOR: Readonly<Record<string, string>> = {
  create: 'green',
  rename: 'blue',
  move: 'blue',
  update: 'blue',
  disable: 'red',
  enable: 'gold',
};

/** A sync's diff as one table: units first, then people, each with its change. */
export function DirectoryDiffTable({ diff }: { diff: DirectoryDiff }) {
  const { t } = useLocale();
  const rows: Row[] = [
    ...diff.units.map((u) => ({
      id: `u:${u.code}:${u.change}`,
      kind: 'unit' as const,
      key: u.code,
      name: u.nameZh,
      parent: u.parentCode,
      change: u.change,
    })),
    ...diff.people.map((p) => ({
      id: `p:${p.campusId}`,
      kind: 'person' as const,
      key: p.campusId,
      name: p.name,
      parent: p.unitCode,
      change: p.change,
    })),
  ];
  return (
    <>
      {diff.protectedSkipped.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('directory.protected', { ids: diff.protectedSkipped.join(', ') })}
        />
      )}
      <Table<Row>
        data-testid="directory-diff"
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        dataSource={rows}
        locale={{ emptyText: t('directory.noChanges') }}
        columns={[
          {
            title: t('directory.kind'),
            dataIndex: 'kind',
            render: (k: Row['kind']) => t(`directory.kind.${k}` as MessageKey),
          },
          { title: t('directory.key'), dataIndex: 'key' },
          { title: t('directory.name'), dataIndex: 'name' },
          { title: t('directory.parent'), dataIndex: 'parent', render: (p: string | null) => p ?? '—' },
          {
            title: t('directory.change'),
            dataIndex: 'change',
            render: (c: string) => (
              <Tag color={CHANGE_COLOR[c]}>{t(`directory.change.${c}` as MessageKey)}</Tag>
            ),
          },
        ]}
      />
    </>
  );
}
