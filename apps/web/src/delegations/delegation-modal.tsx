import { type CreateDelegationBody, type Delegation, type Me, routes } from '@openseal/contract';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { pickedInstant, schoolPickerValue } from '../account/school-picker.ts';
import { useSchoolTime, useSchoolTimeZone, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

interface DelegationForm {
  toUserId: string;
  window: [Dayjs, Dayjs];
}

/**
 * 委托审批: while away, let someone else decide one's approvals for a time window; lists the
 * delegations from and to the person and ends them. Seal admins pick from the users of their unit;
 * others type the colleague's user id (there is no user directory for them).
 */
export function DelegationModal({ me, open, onClose }: { me: Me; open: boolean; onClose: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const zone = useSchoolTimeZone();
  const zoneLabel = useSchoolZoneLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<DelegationForm>();
  const { load, reload } = useApiGet(routes.listDelegations, open ? {} : null);
  const canPick = hasPermission(me, 'seals.manage');
  const home = me.grants.find((g) => g.role === 'seal_admin')?.orgUnitId ?? me.unitId;
  const grantees = useApiGet(routes.listGrantees, open && canPick ? { query: { unitId: home } } : null);
  const people = grantees.load.status === 'ready' ? grantees.load.data : [];
  const nameOf = (id: string) => {
    if (id === me.id) return me.displayName || me.username;
    const g = people.find((p) => p.id === id);
    return g ? `${g.displayName} (${g.username})` : id;
  };

  const { submit, submitting, error } = useSubmit(async (values: DelegationForm) => {
    const body: CreateDelegationBody = {
      toUserId: values.toUserId.trim(),
      startsAt: pickedInstant(values.window[0], zone),
      endsAt: pickedInstant(values.window[1], zone),
    };
    await api.call(routes.createDelegation, { body });
    form.resetFields();
    void message.success(t('delegation.created'));
    reload();
  });

  async function end(d: Delegation) {
    try {
      await api.call(routes.endDelegation, { params: { id: d.id } });
      void message.success(t('delegation.ended'));
    } catch (e) {
      void message.error(errorText(e, locale));
    }
    reload();
  }

  const required = { required: true, message: t('users.required') };
  return (
    <Modal
      open={open}
      width={720}
      title={t('delegation.title')}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      data-testid="delegation-modal"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('delegation.hint')} />
      {error !== null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(error, locale)} />
      )}
      <Form<DelegationForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{ window: [schoolPickerValue(zone), schoolPickerValue(zone).add(7, 'day')] }}
      >
        <Form.Item name="toUserId" label={t('delegation.to')} rules={[required]}>
          {canPick ? (
            <Select
              data-testid="delegation-to"
              showSearch
              optionFilterProp="label"
              loading={grantees.load.status === 'loading'}
              options={people
                .filter((p) => p.id !== me.id)
                .map((p) => ({ value: p.id, label: `${p.displayName} (${p.username})` }))}
            />
          ) : (
            <Input data-testid="delegation-to" placeholder={t('delegation.userIdHint')} />
          )}
        </Form.Item>
        <Form.Item name="window" label={t('delegation.window')} rules={[required]} extra={zoneLabel}>
          <DatePicker.RangePicker showTime style={{ width: '100%' }} data-testid="delegation-window" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="delegation-submit">
          {t('delegation.create')}
        </Button>
      </Form>
      <div style={{ marginTop: 24 }}>
        {load.status === 'failed' ? (
          <LoadFailed error={load.error} />
        ) : (
          <Table<Delegation>
            size="small"
            rowKey="id"
            pagination={false}
            loading={load.status === 'loading'}
            dataSource={load.status === 'ready' ? load.data : []}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                key: 'dir',
                title: '',
                render: (_, d) =>
                  d.fromUserId === me.id ? (
                    <Tag color="blue">{t('delegation.outgoing')}</Tag>
                  ) : (
                    <Tag color="green">{t('delegation.incoming')}</Tag>
                  ),
              },
              {
                key: 'who',
                title: t('delegation.person'),
                render: (_, d) => nameOf(d.fromUserId === me.id ? d.toUserId : d.fromUserId),
              },
              {
                key: 'when',
                title: t('delegation.window'),
                render: (_, d) => `${when(d.startsAt)} – ${when(d.endsAt)}`,
              },
              {
                key: 'end',
                title: '',
                render: (_, d) =>
                  d.fromUserId === me.id && (
                    <Popconfirm
                      title={t('delegation.endConfirm')}
                      okText={t('form.submit')}
                      cancelText={t('form.cancel')}
                      onConfirm={() => end(d)}
                    >
                      <Button type="link" size="small" danger data-testid="delegation-end">
                        {t('delegation.end')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </div>
    </Modal>
  );
}
