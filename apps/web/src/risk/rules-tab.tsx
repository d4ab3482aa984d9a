import { type RiskRule, type RiskRuleId, routes } from '@openseal/contract';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'UTC'];
}

/** A count and a window of minutes (the burst rule's per-user and per-seal limits). */
function WindowFields({ id, which }: { id: RiskRuleId; which: 'perUser' | 'perSeal' }) {
  const { t } = useLocale();
  return (
    <Space align="baseline" wrap style={{ display: 'flex' }}>
      <Typography.Text>{t(`risk.param.${which}`)}</Typography.Text>
      <Form.Item name={['params', which, 'count']} rules={[{ required: true }]} noStyle>
        <InputNumber
          data-testid={`rule-${id}-${which}-count`}
          style={{ width: 150 }}
          min={1}
          max={100000}
          precision={0}
          addonAfter={t('risk.param.uses')}
        />
      </Form.Item>
      <Form.Item name={['params', which, 'minutes']} rules={[{ required: true }]} noStyle>
        <InputNumber
          data-testid={`rule-${id}-${which}-minutes`}
          style={{ width: 170 }}
          min={1}
          max={10080}
          precision={0}
          addonAfter={t('risk.param.minutes')}
        />
      </Form.Item>
    </Space>
  );
}

/** The inputs of one rule's own parameters (RISK_RULE_PARAMS in the contract). */
function ParamFields({ id }: { id: RiskRuleId }) {
  const { t } = useLocale();
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  switch (id) {
    case 'quota':
      return (
        <Form.Item
          name={['params', 'warnLastUse']}
          label={t('risk.param.warnLastUse')}
          valuePropName="checked"
        >
          <Switch data-testid={`rule-${id}-warnLastUse`} />
        </Form.Item>
      );
    case 'off-hours':
      return (
        <>
          <Form.Item
            name={['params', 'timezone']}
            label={t('risk.param.timezone')}
            rules={[{ required: true }]}
          >
            <Select
              data-testid={`rule-${id}-timezone`}
              showSearch
              options={zones}
              style={{ maxWidth: 280 }}
            />
          </Form.Item>
          <Form.Item name={['params', 'workdays']} label={t('risk.param.workdays')}>
            <Checkbox.Group
              data-testid={`rule-${id}-workdays`}
              options={WEEKDAYS.map((d) => ({ value: d, label: t(`risk.weekday.${d}`) }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name={['params', 'start']}
              label={t('risk.param.start')}
              rules={[{ required: true, pattern: CLOCK, message: t('risk.param.clockHint') }]}
            >
              <Input data-testid={`rule-${id}-start`} placeholder="08:00" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item
              name={['params', 'end']}
              label={t('risk.param.end')}
              rules={[{ required: true, pattern: CLOCK, message: t('risk.param.clockHint') }]}
            >
              <Input data-testid={`rule-${id}-end`} placeholder="18:00" style={{ width: 100 }} />
            </Form.Item>
          </Space>
        </>
      );
    case 'burst':
      return (
        <Space direction="vertical" style={{ marginBottom: 16 }}>
          <WindowFields id={id} which="perUser" />
          <WindowFields id={id} which="perSeal" />
        </Space>
      );
    case 'repeated-rejections':
      return (
        <Space wrap>
          <Form.Item
            name={['params', 'count']}
            label={t('risk.param.rejections')}
            rules={[{ required: true }]}
          >
            <InputNumber data-testid={`rule-${id}-count`} min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name={['params', 'days']} label={t('risk.param.days')} rules={[{ required: true }]}>
            <InputNumber data-testid={`rule-${id}-days`} min={1} max={366} precision={0} />
          </Form.Item>
        </Space>
      );
    case 'certificate-expiry':
      return (
        <Form.Item name={['params', 'days']} label={t('risk.param.daysBefore')} rules={[{ required: true }]}>
          <InputNumber data-testid={`rule-${id}-days`} min={1} max={366} precision={0} />
        </Form.Item>
      );
    default:
      return <Typography.Paragraph type="secondary">{t(`risk.ruleHint.${id}`)}</Typography.Paragraph>;
  }
}

function RuleCard({ rule, onSaved }: { rule: RiskRule; onSaved: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const { message } = App.useApp();
  const { submit, submitting, error } = useSubmit(
    async (values: Pick<RiskRule, 'enabled' | 'action' | 'params'>) => {
      await api.call(routes.updateRiskRule, {
        params: { id: rule.id },
        body: { enabled: values.enabled, action: values.action, params: values.params ?? {} },
      });
      void message.success(t('risk.ruleSaved', { rule: t(`risk.rule.${rule.id}`) }));
      onSaved();
    },
  );
  return (
    <Card
      size="small"
      data-testid={`rule-card-${rule.id}`}
      title={t(`risk.rule.${rule.id}`)}
      extra={
        <Typography.Text type="secondary" data-testid={`rule-${rule.id}-updated`}>
          {rule.updatedAt ? t('risk.ruleUpdated', { at: when(rule.updatedAt) }) : t('risk.ruleDefaults')}
        </Typography.Text>
      }
    >
      <Typography.Paragraph type="secondary">{t(`risk.ruleAbout.${rule.id}`)}</Typography.Paragraph>
      <Form layout="vertical" initialValues={rule} onFinish={submit} disabled={submitting}>
        <Space wrap size="large">
          <Form.Item name="enabled" label={t('risk.enabled')} valuePropName="checked">
            <Switch data-testid={`rule-${rule.id}-enabled`} />
          </Form.Item>
          <Form.Item name="action" label={t('risk.action')}>
            <Radio.Group
              data-testid={`rule-${rule.id}-action`}
              optionType="button"
              options={[
                { value: 'alert', label: t('risk.action.alert') },
                { value: 'block', label: t('risk.action.block') },
              ]}
            />
          </Form.Item>
        </Space>
        <div>
          <ParamFields id={rule.id} />
        </div>
        {error ? (
          <Typography.Paragraph type="danger" data-testid={`rule-${rule.id}-error`}>
            {errorText(error, locale)}
          </Typography.Paragraph>
        ) : null}
        <Button type="primary" htmlType="submit" loading={submitting} data-testid={`rule-${rule.id}-save`}>
          {t('risk.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 规则: every rule with its switch, its action (alert or block) and its parameters. */
export function RulesTab() {
  const { load, reload } = useApiGet(routes.listRiskRules);
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  const rules = load.status === 'ready' ? load.data : [];
  return (
    <Row gutter={[16, 16]}>
      {rules.map((r) => (
        <Col key={`${r.id}-${r.updatedAt ?? ''}`} xs={24} xl={12}>
          <RuleCard rule={r} onSaved={reload} />
        </Col>
      ))}
    </Row>
  );
}
