import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type FlowDefinition,
  type FlowStep,
  type FlowView,
  type Grantee,
  type PutFlowBody,
  routes,
} from '@openseal/contract';
import { Alert, App, Button, Card, Col, Input, InputNumber, Radio, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { ApproverRuleRow } from './approver-rule-row.tsx';
import { ConditionRow } from './condition-row.tsx';
import {
  defaultCondition,
  defaultRule,
  errorsByRow,
  moved,
  newStep,
  withOptionalList,
} from './flow-draft.ts';
import { RowList } from './row-list.tsx';

/**
 * The no-code editor of one request type's flow: stages run in order, the steps of a stage in
 * parallel; each step names its approvers, 会签 or 或签, when it applies, its deadline and whom it
 * escalates to. Saving shows the server's validation problems beside the rows they concern.
 */
export function FlowEditor({
  flow,
  tree,
  users,
  onSaved,
}: {
  flow: FlowView;
  tree: OrgTreeNode[];
  users: Grantee[];
  onSaved: (flow: FlowView) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [name, setName] = useState(flow.name);
  const [def, setDef] = useState<FlowDefinition>(flow.definition);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rows = errorsByRow(error instanceof ApiError ? (error.body?.details ?? []) : []);

  const setStages = (stages: FlowDefinition['stages']) => setDef({ stages });
  const setStep = (s: number, i: number, step: FlowStep) =>
    setStages(
      def.stages.map((st, si) =>
        si === s ? { ...st, steps: st.steps.map((x, xi) => (xi === i ? step : x)) } : st,
      ),
    );

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const body: PutFlowBody = { name: name.trim(), definition: def };
      const saved = await api.call(routes.putFlow, { params: { type: flow.requestType }, body });
      void message.success(t('flow.saved'));
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const problems = (list: string[] | undefined, testId: string) =>
    list && list.length > 0 ? (
      <Alert
        data-testid={testId}
        type="error"
        showIcon
        style={{ marginBottom: 8 }}
        message={list.join('\n')}
      />
    ) : null;

  return (
    <div data-testid="flow-editor">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('flow.name')}</Typography.Text>
        <Input
          data-testid="flow-name"
          style={{ width: 320 }}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {flow.customised ? <Tag color="blue">{t('flow.customised')}</Tag> : <Tag>{t('flow.default')}</Tag>}
      </Space>
      {error !== null && (
        <Alert
          data-testid="flow-error"
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(error, locale)}
          description={rows.other.length > 0 ? rows.other.join('\n') : undefined}
        />
      )}
      {def.stages.map((stage, s) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: draft rows have no identity of their own; they are edited in place
          key={`stage-${s}`}
          size="small"
          data-testid="flow-stage"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <Tag color="geekblue">{t('flow.stageN', { n: s + 1 })}</Tag>
              <Input
                data-testid="flow-stage-name"
                size="small"
                style={{ width: 240 }}
                value={stage.name}
                onChange={(e) =>
                  setStages(def.stages.map((x, xi) => (xi === s ? { ...x, name: e.target.value } : x)))
                }
              />
            </Space>
          }
          extra={
            <Space size={0}>
              <Button
                size="small"
                type="text"
                icon={<ArrowUpOutlined />}
                aria-label={t('flow.up')}
                disabled={s === 0}
                onClick={() => setStages(moved(def.stages, s, s - 1))}
              />
              <Button
                size="small"
                type="text"
                icon={<ArrowDownOutlined />}
                aria-label={t('flow.down')}
                disabled={s === def.stages.length - 1}
                onClick={() => setStages(moved(def.stages, s, s + 1))}
              />
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('flow.remove')}
                data-testid="flow-stage-remove"
                disabled={def.stages.length === 1}
                onClick={() => setStages(def.stages.filter((_, xi) => xi !== s))}
              />
            </Space>
          }
        >
          {problems(rows.stages.get(s), 'flow-stage-error')}
          <Row gutter={[12, 12]}>
            {stage.steps.map((step, i) => (
              <Col xs={24} xl={stage.steps.length > 1 ? 12 : 24} key={step.id}>
                <div
                  data-testid="flow-step"
                  style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12, background: '#fafafa' }}
                >
                  {problems(rows.steps.get(`${s}/${i}`), 'flow-step-error')}
                  <Space wrap style={{ marginBottom: 8 }}>
                    <Input
                      data-testid="flow-step-name"
                      style={{ width: 220 }}
                      value={step.name}
                      placeholder={t('flow.stepName')}
                      onChange={(e) => setStep(s, i, { ...step, name: e.target.value })}
                    />
                    <Radio.Group
                      optionType="button"
                      size="small"
                      value={step.mode}
                      onChange={(e) => setStep(s, i, { ...step, mode: e.target.value })}
                      options={[
                        { value: 'any', label: t('flow.modeAny') },
                        { value: 'all', label: t('flow.modeAll') },
                      ]}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {step.id}
                    </Typography.Text>
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('flow.remove')}
                      disabled={stage.steps.length === 1}
                      onClick={() =>
                        setStages(
                          def.stages.map((x, xi) =>
                            xi === s ? { ...x, steps: x.steps.filter((_, yi) => yi !== i) } : x,
                          ),
                        )
                      }
                    />
                  </Space>
                  <RowList
                    title={t('request.approvers')}
                    spaced={false}
                    items={step.approvers}
                    minRows={1}
                    newItem={defaultRule}
                    onChange={(approvers) => setStep(s, i, { ...step, approvers })}
                    addTestId="flow-add-approver"
                    addLabel={t('flow.addApprover')}
                    render={({ item, change, remove, removable }) => (
                      <ApproverRuleRow
                        rule={item}
                        tree={tree}
                        users={users}
                        onChange={change}
                        onRemove={removable ? remove : null}
                      />
                    )}
                  />
                  <RowList
                    title={t('flow.when')}
                    items={step.when ?? []}
                    newItem={defaultCondition}
                    onChange={(when) => setStep(s, i, withOptionalList(step, 'when', when))}
                    addTestId="flow-add-condition"
                    addLabel={t('flow.addCondition')}
                    render={({ item, change, remove }) => (
                      <ConditionRow condition={item} tree={tree} onChange={change} onRemove={remove} />
                    )}
                  />
                  <Space wrap style={{ marginTop: 8 }}>
                    <Typography.Text style={{ fontSize: 12 }}>{t('flow.deadline')}</Typography.Text>
                    <InputNumber
                      data-testid="flow-deadline"
                      size="small"
                      min={1}
                      max={24 * 90}
                      value={step.deadlineHours ?? null}
                      placeholder={t('flow.noDeadline')}
                      onChange={(v) => {
                        const { deadlineHours: _d, ...plain } = step;
                        setStep(s, i, typeof v === 'number' ? { ...plain, deadlineHours: v } : plain);
                      }}
                    />
                  </Space>
                  <RowList
                    title={t('flow.escalateTo')}
                    items={step.escalateTo ?? []}
                    newItem={defaultRule}
                    onChange={(rules) => setStep(s, i, withOptionalList(step, 'escalateTo', rules))}
                    addTestId="flow-add-escalation"
                    addLabel={t('flow.addEscalation')}
                    render={({ item, change, remove }) => (
                      <ApproverRuleRow
                        rule={item}
                        tree={tree}
                        users={users}
                        onChange={change}
                        onRemove={remove}
                      />
                    )}
                  />
                </div>
              </Col>
            ))}
          </Row>
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            data-testid="flow-add-step"
            onClick={() =>
              setStages(
                def.stages.map((x, xi) =>
                  xi === s ? { ...x, steps: [...x.steps, newStep(def, t('flow.newStep'))] } : x,
                ),
              )
            }
          >
            {t('flow.addStep')}
          </Button>
        </Card>
      ))}
      <Space>
        <Button
          icon={<PlusOutlined />}
          data-testid="flow-add-stage"
          onClick={() =>
            setStages([...def.stages, { name: t('flow.newStage'), steps: [newStep(def, t('flow.newStep'))] }])
          }
        >
          {t('flow.addStage')}
        </Button>
        <Button type="primary" loading={saving} data-testid="flow-save" onClick={() => void save()}>
          {t('flow.save')}
        </Button>
        <Button
          onClick={() => {
            setName(flow.name);
            setDef(flow.definition);
            setError(null);
          }}
        >
          {t('flow.reset')}
        </Button>
      </Space>
    </div>
  );
}
