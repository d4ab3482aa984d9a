import { type RiskHoliday, routes } from '@openseal/contract';
import { App, Button, DatePicker, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

interface NewHoliday {
  date: Dayjs;
  name: string;
  workday?: boolean;
}

/**
 * 节假日: the calendar the off-hours rule reads, holidays and make-up workdays (调休). The server
 * replaces the whole calendar on each change, so adding and removing both send the full list.
 */
export function HolidaysTab() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [form] = Form.useForm<NewHoliday>();
  const { load, reload } = useApiGet(routes.listRiskHolidays);
  const holidays = load.status === 'ready' ? load.data : [];

  const save = useSubmit(async (next: RiskHoliday[]) => {
    await api.call(routes.replaceRiskHolidays, { body: { holidays: next } });
    void message.success(t('risk.holidaysSaved'));
    reload();
  });

  function add(v: NewHoliday) {
    const date = v.date.format('YYYY-MM-DD');
    const rest = holidays.filter((h) => h.date !== date);
    void save
      .submit([...rest, { date, name: v.name.trim(), workday: v.workday ?? false }])
      .then(() => form.resetFields());
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('risk.holidaysHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 16 }}>
        <Form.Item name="date" rules={[{ required: true, message: t('risk.holidayDateRequired') }]}>
          <DatePicker data-testid="holiday-date" />
        </Form.Item>
        <Form.Item
          name="name"
          rules={[{ required: true, whitespace: true, message: t('risk.holidayNameRequired') }]}
        >
          <Input data-testid="holiday-name" maxLength={100} placeholder={t('risk.holidayName')} />
        </Form.Item>
        <Form.Item name="workday" label={t('risk.makeUpWorkday')} valuePropName="checked">
          <Switch data-testid="holiday-workday" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.submitting} data-testid="holiday-add">
          {t('risk.addHoliday')}
        </Button>
      </Form>
      {save.error ? (
        <Typography.Paragraph type="danger" data-testid="holiday-error">
          {errorText(save.error, locale)}
        </Typography.Paragraph>
      ) : null}
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<RiskHoliday>
          data-testid="holidays-table"
          rowKey="date"
          size="small"
          loading={load.status === 'loading'}
          dataSource={holidays}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          onRow={() => ({ 'data-testid': 'holiday-row' }) as object}
          columns={[
            { key: 'date', dataIndex: 'date', title: t('risk.holidayDate') },
            { key: 'name', dataIndex: 'name', title: t('risk.holidayName') },
            {
              key: 'workday',
              dataIndex: 'workday',
              title: t('risk.kind'),
              render: (w: boolean) =>
                w ? (
                  <Tag color="blue">{t('risk.makeUpWorkday')}</Tag>
                ) : (
                  <Tag color="green">{t('risk.holiday')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('risk.actions'),
              render: (_: unknown, h) => (
                <Space>
                  <Button
                    size="small"
                    danger
                    data-testid="holiday-delete"
                    onClick={() => save.submit(holidays.filter((x) => x.date !== h.date))}
                  >
                    {t('risk.delete')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
