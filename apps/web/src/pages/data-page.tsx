import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { DataSourcesCard } from '../credentials-admin/data-sources-card.tsx';
import { ImportCard } from '../credentials-admin/import-card.tsx';
import { IntegrationHowto } from '../credentials-admin/integration-howto.tsx';
import { RecordsCard } from '../credentials-admin/records-card.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * 数据对接: the template admin connects the academic and HR systems (API keys, how-to); the
 * registrar imports files and browses the records. Each sees only the tabs their role may use.
 */
export function DataPage() {
  const { t } = useLocale();
  const { state } = useSession();
  const user = state.status === 'signed-in' ? state.user : null;
  const admin = user !== null && hasPermission(user, 'templates.manage');
  const issuer = user !== null && hasPermission(user, 'credentials.issue');
  const [imports, setImports] = useState(0);
  const items = [
    ...(admin
      ? [
          { key: 'sources', label: t('data.tab.sources'), children: <DataSourcesCard /> },
          { key: 'howto', label: t('data.tab.howto'), children: <IntegrationHowto /> },
        ]
      : []),
    ...(issuer
      ? [
          {
            key: 'import',
            label: t('data.tab.import'),
            children: <ImportCard onImported={() => setImports((n) => n + 1)} />,
          },
          { key: 'records', label: t('data.tab.records'), children: <RecordsCard generation={imports} /> },
        ]
      : []),
  ];
  return (
    <Card title={<Typography.Text strong>{t('data.title')}</Typography.Text>}>
      <Tabs data-testid="data-tabs" items={items} />
    </Card>
  );
}
