import { Alert, Card, Empty, Result, Table, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

type Row = Record<string, unknown>;
type Load = { status: 'loading' } | { status: 'ready'; rows: Row[] } | { status: 'failed'; error: unknown };

// Lists come back either bare or as { items } (paged); anything else is shown as no rows.
function rowsOf(answer: unknown): Row[] {
  const list = Array.isArray(answer) ? answer : (answer as { items?: unknown } | null)?.items;
  return Array.isArray(list) ? list.filter((r): r is Row => typeof r === 'object' && r !== null) : [];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A page that lists what one GET endpoint returns, columns taken from the rows themselves, so it
 * shows only real data. A 404 means the server has no such module yet: say so plainly.
 */
export function ApiListPage({ title, path, intro }: { title: MessageKey; path: string; intro?: ReactNode }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    setLoad({ status: 'loading' });
    api.get<unknown>(path).then(
      (answer) => setLoad({ status: 'ready', rows: rowsOf(answer) }),
      (error: unknown) => setLoad({ status: 'failed', error }),
    );
  }, [api, path]);

  let body: ReactNode;
  if (load.status === 'failed' && load.error instanceof ApiError && load.error.status === 404) {
    body = <Result status="info" title={t('page.unavailable')} subTitle={t('page.unavailableHint')} />;
  } else if (load.status === 'failed') {
    body = (
      <Alert
        type="error"
        showIcon
        message={t('page.loadFailed')}
        description={errorText(load.error, locale)}
      />
    );
  } else {
    const rows = load.status === 'ready' ? load.rows : [];
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    body = (
      <Table<Row>
        loading={load.status === 'loading'}
        dataSource={rows}
        rowKey={(r) => cell(r['id'] ?? r['seq'] ?? JSON.stringify(r))}
        columns={keys.map((k) => ({ key: k, dataIndex: k, title: k, render: (v: unknown) => cell(v) }))}
        locale={{ emptyText: <Empty description={t('page.empty')} /> }}
      />
    );
  }

  return (
    <Card title={<Typography.Text strong>{t(title)}</Typography.Text>}>
      {intro}
      {body}
    </Card>
  );
}
