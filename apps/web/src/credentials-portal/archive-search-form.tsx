import { SearchOutlined } from '@ant-design/icons';
import type { RetentionSetting } from '@openseal/contract';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import type { ArchiveFilter } from './archive-query.ts';

/**
 * 档案检索: person (number or name), document number, verification code, type, status, issue dates, batch job. The dates travel as
 * YYYY-MM-DD strings, as the API and the URL take them.
 */
export function ArchiveSearchForm({
  initial,
  types,
  onSearch,
}: {
  initial: ArchiveFilter;
  types: RetentionSetting[];
  onSearch: (filter: ArchiveFilter) => void;
}) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<Omit<ArchiveFilter, 'from' | 'to'>>();
  const [dates, setDates] = useState<{ from?: string; to?: string }>({
    ...(initial.from ? { from: initial.from } : {}),
    ...(initial.to ? { to: initial.to } : {}),
  });

  return (
    <Form
      form={form}
      layout="inline"
      initialValues={initial}
      data-testid="archive-search"
      onFinish={(values) => onSearch({ ...values, ...dates })}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="person" style={{ minWidth: 180 }}>
        <Input allowClear placeholder={t('archive.person')} data-testid="archive-person" />
      </Form.Item>
      <Form.Item name="number" style={{ width: 150 }}>
        <Input allowClear placeholder={t('credential.publicId')} data-testid="archive-number" />
      </Form.Item>
      <Form.Item name="code" style={{ width: 150 }}>
        <Input allowClear placeholder={t('credential.code')} data-testid="archive-search-code" />
      </Form.Item>
      <Form.Item name="typeCode" style={{ minWidth: 200 }}>
        <Select
          allowClear
          placeholder={t('credential.type')}
          data-testid="archive-type"
          options={types.map((type) => ({
            value: type.typeCode,
            label: locale === 'zh-CN' ? type.typeName.zh : type.typeName.en,
          }))}
        />
      </Form.Item>
      <Form.Item name="status" style={{ minWidth: 120 }}>
        <Select
          allowClear
          placeholder={t('credential.status')}
          data-testid="archive-status"
          options={[
            { value: 'issued', label: t('credential.status.issued') },
            { value: 'revoked', label: t('credential.status.revoked') },
          ]}
        />
      </Form.Item>
      <Form.Item>
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t('archive.from'), t('archive.to')]}
          onChange={(_, [from, to]) => setDates({ ...(from ? { from } : {}), ...(to ? { to } : {}) })}
          data-testid="archive-dates"
        />
      </Form.Item>
      <Form.Item name="jobId">
        <Input allowClear placeholder={t('archive.jobId')} data-testid="archive-job" />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="archive-search-submit"
          >
            {t('archive.search')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
