import { type RetentionSetting, routes } from '@openseal/contract';
import { App, Button, InputNumber, Space, Table } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** 保管期限: years each credential type is kept after issue; archive managers may change them. */
export function RetentionTable({
  settings,
  loading,
  canEdit,
  onSaved,
}: {
  settings: RetentionSetting[];
  loading: boolean;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [edited, setEdited] = useState<Record<string, number>>({});
  const [saving, setSaving] = useState<string | null>(null);

  async function save(typeCode: string, retentionYears: number) {
    setSaving(typeCode);
    try {
      await api.call(routes.setRetention, { params: { typeCode }, body: { retentionYears } });
      void message.success(t('archive.retention.saved'));
      setEdited(({ [typeCode]: _, ...rest }) => rest);
      onSaved();
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setSaving(null);
    }
  }

  return (
    <Table<RetentionSetting>
      data-testid="retention-table"
      rowKey="typeCode"
      size="small"
      loading={loading}
      dataSource={settings}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          key: 'type',
          title: t('credential.type'),
          render: (_, s) => (locale.locale === 'zh-CN' ? s.typeName.zh : s.typeName.en),
        },
        {
          key: 'years',
          title: t('archive.retention.years'),
          render: (_, s) => {
            const value = edited[s.typeCode] ?? s.retentionYears;
            if (!canEdit) return t('archive.retention.yearsValue', { years: s.retentionYears });
            return (
              <Space>
                <InputNumber
                  min={1}
                  max={100}
                  precision={0}
                  value={value}
                  data-testid="retention-years"
                  onChange={(v) => typeof v === 'number' && setEdited((e) => ({ ...e, [s.typeCode]: v }))}
                />
                <Button
                  size="small"
                  type="primary"
                  disabled={value === s.retentionYears}
                  loading={saving === s.typeCode}
                  data-testid="retention-save"
                  onClick={() => void save(s.typeCode, value)}
                >
                  {t('archive.retention.save')}
                </Button>
              </Space>
            );
          },
        },
      ]}
    />
  );
}
