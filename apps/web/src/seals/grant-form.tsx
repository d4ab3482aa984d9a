import {
  type ApprovalRequest,
  DOCUMENT_TYPES,
  type DocumentType,
  type Grantee,
  type GrantSealUseBody,
  ROLES,
  type Role,
  type Seal,
} from '@openseal/contract';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  TreeSelect,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { pickedInstant, schoolPickerValue } from '../account/school-picker.ts';
import { useSchoolTimeZone, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { errorText } from '../api/error-text.ts';
import type { Load } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { useSealRequest } from './seal-request.tsx';

interface GrantForm {
  kind: 'user' | 'role';
  userId?: string;
  role?: Role;
  unitId?: string;
  documentTypes?: DocumentType[];
  until?: Dayjs | null;
  maxUses?: number | null;
  reason: string;
}

function grantBody(values: GrantForm, timeZone: string): GrantSealUseBody {
  const limits = {
    ...(values.documentTypes?.length ? { documentTypes: values.documentTypes } : {}),
    // A date means "through that day": the grant ends at that day's last moment on the school's clock.
    ...(values.until ? { until: pickedInstant(values.until.endOf('day'), timeZone) } : {}),
    ...(values.maxUses ? { maxUses: values.maxUses } : {}),
  };
  return values.kind === 'user'
    ? { userId: values.userId ?? '', ...limits }
    : { role: values.role ?? 'business_creator', unitId: values.unitId ?? '', ...limits };
}

/** Seal admin: ask that one user, or every holder of a role in a unit, may stamp with this seal. */
export function GrantForm({
  seal,
  tree,
  users,
  onSubmitted,
}: {
  seal: Seal;
  tree: OrgTreeNode[];
  users: Load<Grantee[]>;
  onSubmitted: (request: ApprovalRequest) => void;
}) {
  const send = useSealRequest();
  const locale = useLocale();
  const zone = useSchoolTimeZone();
  const zoneLabel = useSchoolZoneLabel();
  const { t } = locale;
  const [form] = Form.useForm<GrantForm>();
  const kind = Form.useWatch('kind', form) ?? 'role';
  const required = { required: true, message: t('users.required') };
  const { submit, submitting, error } = useSubmit(async (values: GrantForm) => {
    const request = await send({
      type: 'seal.authorize',
      payload: { sealId: seal.id, reason: values.reason.trim(), grant: grantBody(values, zone) },
    });
    form.resetFields();
    onSubmitted(request);
  });

  return (
    <Form<GrantForm>
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      initialValues={{ kind: 'role', role: 'business_creator', unitId: seal.ownerUnitId }}
      data-testid="grant-form"
    >
      {error !== null && (
        <Alert
          data-testid="seal-grant-error"
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(error, locale)}
        />
      )}
      <Form.Item name="kind" style={{ marginBottom: 12 }}>
        <Radio.Group data-testid="grant-kind" optionType="button">
          <Radio value="role">{t('grants.kindRole')}</Radio>
          <Radio value="user">{t('grants.kindUser')}</Radio>
        </Radio.Group>
      </Form.Item>
      {kind === 'user' ? (
        <>
          {users.status === 'failed' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('grants.usersUnavailable', { reason: errorText(users.error, locale) })}
            />
          )}
          <Form.Item name="userId" label={t('grants.user')} rules={[required]}>
            <Select
              data-testid="grant-user"
              showSearch
              loading={users.status === 'loading'}
              optionFilterProp="label"
              options={(users.status === 'ready' ? users.data : []).map((u) => ({
                value: u.id,
                label: `${u.displayName} (${u.username})`,
              }))}
            />
          </Form.Item>
        </>
      ) : (
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="role" label={t('grants.role')} rules={[required]}>
              <Select
                data-testid="grant-role-select"
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="unitId" label={t('grants.unit')} rules={[required]}>
              <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="grant-unit" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item name="documentTypes" label={t('grants.documentTypes')}>
        <Select
          data-testid="grant-document-types"
          mode="multiple"
          allowClear
          placeholder={t('grants.anyType')}
          options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`docType.${d}`) }))}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="until" label={t('grants.until')} extra={zoneLabel}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder={t('grants.forever')}
              disabledDate={(d) => d.isBefore(schoolPickerValue(zone), 'day')}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxUses" label={t('grants.maxUses')}>
            <InputNumber
              data-testid="grant-max-uses"
              style={{ width: '100%' }}
              min={1}
              max={1_000_000}
              precision={0}
              placeholder={t('grants.unlimited')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="reason"
        label={t('sealRequest.reason')}
        rules={[{ required: true, whitespace: true, message: t('users.required') }, { max: 1000 }]}
      >
        <Input.TextArea rows={2} maxLength={1000} data-testid="grant-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="grant-submit">
        {t('grants.add')}
      </Button>
    </Form>
  );
}
