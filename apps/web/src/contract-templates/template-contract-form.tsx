import { BankOutlined, UserOutlined } from '@ant-design/icons';
import type { ContractTemplateDetail, UsableSeal } from '@openseal/contract';
import { Checkbox, DatePicker, Divider, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import { dataFields } from './template-contract-values.ts';

/**
 * Inside the new-contract form, for a chosen template: one input per data field (text, date or
 * checkbox, under `data`) and one party per role (under `roles`): a person role by account, an
 * organisation role by a seal the initiator may stamp contracts with, its default chosen first.
 */
export function TemplateContractFields({
  detail,
  seals,
}: {
  detail: ContractTemplateDetail;
  /** The seals the initiator may use for contracts. */
  seals: UsableSeal[];
}) {
  const { t } = useLocale();
  return (
    <div data-testid="contract-template-fields">
      <Divider orientation="left" plain style={{ marginTop: 0 }}>
        {t('contractTpl.data')}
      </Divider>
      {dataFields(detail).map((f) => {
        const rules = f.required
          ? [{ required: true, message: t('contractTpl.fieldRequired', { label: f.label }) }]
          : [];
        const testId = `contract-data-${f.name}`;
        if (f.kind === 'checkbox')
          return (
            <Form.Item
              key={f.name}
              name={['data', f.name]}
              valuePropName="checked"
              rules={
                f.required
                  ? [
                      {
                        validator: (_: unknown, v: unknown) =>
                          v === true
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('contractTpl.fieldRequired', { label: f.label }))),
                      },
                    ]
                  : []
              }
            >
              <Checkbox data-testid={testId}>{f.label}</Checkbox>
            </Form.Item>
          );
        return (
          <Form.Item key={f.name} name={['data', f.name]} label={f.label} rules={rules}>
            {f.kind === 'date' ? (
              <DatePicker data-testid={testId} style={{ width: '100%' }} />
            ) : (
              <Input data-testid={testId} maxLength={f.maxLength ?? 500} />
            )}
          </Form.Item>
        );
      })}
      <Divider orientation="left" plain>
        {t('contractTpl.partiesByRole')}
      </Divider>
      {detail.roles.map((r, i) => (
        <Form.Item
          key={r.key}
          name={['roles', r.key]}
          initialValue={r.kind === 'organization' ? r.sealId : undefined}
          label={
            <Space size={4} wrap>
              <Typography.Text type="secondary">{i + 1}.</Typography.Text>
              {r.kind === 'person' ? <UserOutlined /> : <BankOutlined />}
              <span>{r.label}</span>
              <Tag bordered={false}>{t(`contractTpl.kind.${r.kind}`)}</Tag>
              {r.kind === 'person' && (
                <Tag bordered={false} color="blue">
                  {t(`contractTpl.custody.${r.custody ?? 'browser'}`)}
                </Tag>
              )}
            </Space>
          }
          rules={[{ required: true, whitespace: true, message: t('contractTpl.roleRequired') }]}
        >
          {r.kind === 'person' ? (
            <Input
              data-testid={`contract-role-${r.key}`}
              placeholder={t('contractTpl.usernamePlaceholder')}
              autoComplete="off"
            />
          ) : (
            <Select
              data-testid={`contract-role-${r.key}`}
              showSearch
              optionFilterProp="label"
              options={[
                ...seals.map((u) => ({ value: u.seal.id, label: u.seal.name })),
                // The role's default seal shows even when it is not among the caller's; the server decides.
                ...(r.sealId && !seals.some((u) => u.seal.id === r.sealId)
                  ? [{ value: r.sealId, label: t('contractTpl.defaultSeal') }]
                  : []),
              ]}
            />
          )}
        </Form.Item>
      ))}
    </div>
  );
}
