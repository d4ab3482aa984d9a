import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import { AlertsTab } from '../risk/alerts-tab.tsx';
import { HolidaysTab } from '../risk/holidays-tab.tsx';
import { RulesTab } from '../risk/rules-tab.tsx';
import { SensitiveWordsTab } from '../risk/sensitive-words-tab.tsx';

/** 风险预警 for the security admin: alerts, the rules that raise them, sensitive words and holidays. */
export function AlertsPage() {
  const { t } = useLocale();
  const [tab, setTab] = useState('alerts');
  return (
    <Card title={<Typography.Text strong>{t('risk.title')}</Typography.Text>}>
      <Tabs
        data-testid="risk-tabs"
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'alerts', label: t('risk.tab.alerts'), children: <AlertsTab /> },
          { key: 'rules', label: t('risk.tab.rules'), children: <RulesTab /> },
          { key: 'words', label: t('risk.tab.words'), children: <SensitiveWordsTab /> },
          { key: 'holidays', label: t('risk.tab.holidays'), children: <HolidaysTab /> },
        ]}
      />
    </Card>
  );
}
