import { routes, type SensitiveWord } from '@openseal/contract';
import { App, Button, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

/** 敏感词: the words the sensitive-words rule looks for in documents, added and removed one by one. */
export function SensitiveWordsTab() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ word: string }>();
  const { load, reload } = useApiGet(routes.listSensitiveWords);
  const { submit, submitting, error } = useSubmit(async ({ word }: { word: string }) => {
    await api.call(routes.addSensitiveWord, { body: { word: word.trim() } });
    form.resetFields();
    void message.success(t('risk.wordAdded'));
    reload();
  });

  async function remove(w: SensitiveWord) {
    try {
      await api.call(routes.deleteSensitiveWord, { params: { id: w.id } });
      reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('risk.wordsHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={submit} style={{ marginBottom: 16 }}>
        <Form.Item
          name="word"
          rules={[{ required: true, whitespace: true, message: t('risk.wordRequired') }]}
        >
          <Input
            data-testid="word-input"
            maxLength={100}
            placeholder={t('risk.word')}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="word-add">
          {t('risk.addWord')}
        </Button>
      </Form>
      {error ? (
        <Typography.Paragraph type="danger" data-testid="word-error">
          {errorText(error, locale)}
        </Typography.Paragraph>
      ) : null}
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<SensitiveWord>
          data-testid="words-table"
          rowKey="id"
          size="small"
          loading={load.status === 'loading'}
          dataSource={load.status === 'ready' ? load.data : []}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          onRow={() => ({ 'data-testid': 'word-row' }) as object}
          columns={[
            { key: 'word', dataIndex: 'word', title: t('risk.word') },
            { key: 'by', dataIndex: 'createdBy', title: t('risk.addedBy') },
            {
              key: 'at',
              dataIndex: 'createdAt',
              title: t('risk.addedAt'),
              render: (v: string) => when(v),
            },
            {
              key: 'actions',
              title: t('risk.actions'),
              render: (_: unknown, w) => (
                <Space>
                  <Popconfirm
                    title={t('risk.deleteWordConfirm', { word: w.word })}
                    onConfirm={() => remove(w)}
                  >
                    <Button size="small" danger data-testid="word-delete">
                      {t('risk.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
