import {
  ArrowLeftOutlined,
  DeleteOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import {
  type ContractTemplateDetail,
  type ContractTemplateInput,
  IDENTITY_CHECKS,
  KEY_CUSTODIES,
  routes,
} from '@openseal/contract';
import type { Template } from '@pdfme/common';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useSession } from '../auth/session-context.tsx';
import { ApiErrorAlert } from '../credentials-admin/api-error-alert.tsx';
import { SealPicker } from '../credentials-admin/seal-picker.tsx';
import { type DesignerHandle, TemplateDesigner } from '../credentials-admin/template-designer.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import {
  type ContractTemplateFormValues,
  contractTemplateInput,
  elementNames,
  FIELD_DRAFT_KINDS,
  isRoleKind,
  newTemplateValues,
  templateFormValues,
} from './contract-template-input.ts';
import { CONTRACT_TEMPLATES_PATH, contractTemplatePage } from './contract-template-paths.ts';

/** A4 with one text element to start from; the designer adds the rest. */
const BLANK_LAYOUT: ContractTemplateInput['template'] = {
  basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
  schemas: [
    [
      {
        name: 'signerSignature',
        type: 'text',
        content: '',
        position: { x: 120, y: 220 },
        width: 60,
        height: 30,
        fontName: 'NotoSerifSC',
        fontSize: 11,
      },
    ],
  ],
};

/** /contracts/templates/:id (or …/new): the layout in pdfme's designer, its roles and fields beside it. */
export function ContractTemplateEditor({ id }: { id: string }) {
  const isNew = id === 'new';
  const { load } = useApiGet(routes.getContractTemplate, isNew ? null : { params: { id } });
  if (isNew) return <EditorBody key="new" detail={null} />;
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  if (load.status === 'loading') return <Card loading />;
  return <EditorBody key={load.data.id} detail={load.data} />;
}

function EditorBody({ detail }: { detail: ContractTemplateDetail | null }) {
  const api = useApi();
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { state } = useSession();
  const { tree } = useOrgTree();
  const home =
    state.status === 'signed-in'
      ? (state.user.grants.find((g) => g.role === 'template_admin')?.orgUnitId ?? '')
      : '';
  const [form] = Form.useForm<ContractTemplateFormValues>();
  const initial = useMemo(
    () => (detail ? templateFormValues(detail) : newTemplateValues(home)),
    [detail, home],
  );
  const seals = useApiGet(routes.listTemplateSeals);
  const designerTemplate = useMemo(() => (detail?.template ?? BLANK_LAYOUT) as Template, [detail]);
  const designer = useRef<DesignerHandle | null>(null);
  const [elements, setElements] = useState(() => elementNames(detail?.template ?? BLANK_LAYOUT));
  const [version, setVersion] = useState(detail?.version ?? null);
  const roles = Form.useWatch('roles', form) ?? initial.roles;
  const fields = Form.useWatch('fields', form) ?? initial.fields;

  const readElements = () => {
    if (designer.current) setElements(elementNames(designer.current.getTemplate()));
  };

  const save = useSubmit(async (values: ContractTemplateFormValues) => {
    if (!designer.current) return;
    const template = designer.current.getTemplate() as unknown as ContractTemplateInput['template'];
    setElements(elementNames(template));
    const input = contractTemplateInput(values, template);
    if (detail) {
      const saved = await api.call(routes.updateContractTemplate, { params: { id: detail.id }, body: input });
      setVersion(saved.version);
      void message.success(t('contractTpl.saved', { version: saved.version }));
    } else {
      const created = await api.call(routes.createContractTemplate, { body: input });
      void message.success(t('contractTpl.saved', { version: created.version }));
      navigate(contractTemplatePage(created.id), { replace: true });
    }
  });

  const roleOptions = roles
    .filter((r) => r?.key)
    .map((r) => ({ value: r.key, label: `${r.label || r.key} (${r.key})` }));
  const elementOptions = elements.map((n) => ({ value: n }));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(CONTRACT_TEMPLATES_PATH)}>
              {t('contractTpl.back')}
            </Button>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="contract-tpl-editor-title">
              {detail ? detail.name : t('contractTpl.new')}
            </Typography.Title>
            {version !== null && (
              <Tag color="blue" data-testid="contract-tpl-version" data-version={version}>
                {t('contractTpl.versionN', { version })}
              </Tag>
            )}
          </Space>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            data-testid="contract-tpl-save"
            loading={save.submitting}
            onClick={() => form.submit()}
          >
            {t('contractTpl.save')}
          </Button>
        </Space>
      </Col>
      <Col xs={24}>
        <ApiErrorAlert error={save.error} testId="contract-tpl-save-error" />
      </Col>
      <Col xs={24} xxl={16}>
        <Card size="small" title={t('contractTpl.layout')} styles={{ body: { padding: 0 } }}>
          <TemplateDesigner template={designerTemplate} handle={designer} />
        </Card>
      </Col>
      <Col xs={24} xxl={8}>
        <Card
          size="small"
          title={t('contractTpl.settings')}
          extra={
            <Button
              size="small"
              icon={<ReloadOutlined />}
              onClick={readElements}
              data-testid="contract-tpl-read"
            >
              {t('contractTpl.readElements')}
            </Button>
          }
        >
          <Form<ContractTemplateFormValues>
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={(values) => void save.submit(values)}
            data-testid="contract-tpl-form"
          >
            <Form.Item
              name="name"
              label={t('contractTpl.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={200} data-testid="contract-tpl-name" />
            </Form.Item>
            <Form.Item name="ownerUnitId" label={t('contractTpl.ownerUnit')} rules={[{ required: true }]}>
              <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
            </Form.Item>
            <Form.Item
              name="active"
              label={t('contractTpl.active')}
              valuePropName="checked"
              extra={t('contractTpl.activeHint')}
            >
              <Switch data-testid="contract-tpl-active" />
            </Form.Item>

            <Typography.Text strong>{t('contractTpl.roles')}</Typography.Text>
            <Form.List name="roles">
              {(items, { add, remove }) => (
                <div data-testid="contract-tpl-roles" style={{ marginTop: 8 }}>
                  <Row gutter={8}>
                    {items.map((item, i) => (
                      <Col key={item.key} xs={24} lg={12} xxl={24}>
                        <Card
                          size="small"
                          style={{ marginBottom: 8 }}
                          title={`${i + 1}. ${roles[i]?.label || roles[i]?.key || ''}`}
                          extra={
                            <Button
                              size="small"
                              type="text"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('contractTpl.remove')}
                              onClick={() => remove(item.name)}
                            />
                          }
                        >
                          <Row gutter={8}>
                            <Col xs={12}>
                              <Form.Item
                                name={[item.name, 'key']}
                                label={t('contractTpl.roleKey')}
                                rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{0,39}$/ }]}
                              >
                                <Input placeholder="student" />
                              </Form.Item>
                            </Col>
                            <Col xs={12}>
                              <Form.Item
                                name={[item.name, 'label']}
                                label={t('contractTpl.roleLabel')}
                                rules={[{ required: true, whitespace: true }]}
                              >
                                <Input maxLength={100} />
                              </Form.Item>
                            </Col>
                          </Row>
                          <Form.Item name={[item.name, 'kind']} style={{ marginBottom: 8 }}>
                            <Select
                              options={(['person', 'organization'] as const).map((k) => ({
                                value: k,
                                label: t(`contractTpl.kind.${k}`),
                              }))}
                            />
                          </Form.Item>
                          {roles[i]?.kind === 'organization' ? (
                            <Form.Item name={[item.name, 'sealId']} label={t('contractTpl.defaultSeal')}>
                              <SealPicker seals={seals.load} testId={`contract-tpl-seal-${i}`} allowClear />
                            </Form.Item>
                          ) : (
                            <Row gutter={8}>
                              <Col xs={12}>
                                <Form.Item name={[item.name, 'custody']} label={t('contractTpl.custody')}>
                                  <Select
                                    options={KEY_CUSTODIES.map((c) => ({
                                      value: c,
                                      label: t(`contractTpl.custody.${c}`),
                                    }))}
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={12}>
                                <Form.Item name={[item.name, 'identity']} label={t('contractTpl.identity')}>
                                  <Select
                                    options={IDENTITY_CHECKS.map((c) => ({
                                      value: c,
                                      label: t(`contractTpl.identity.${c}`),
                                    }))}
                                  />
                                </Form.Item>
                              </Col>
                            </Row>
                          )}
                        </Card>
                      </Col>
                    ))}
                  </Row>
                  <Button
                    block
                    icon={<PlusOutlined />}
                    style={{ marginBottom: 16 }}
                    onClick={() =>
                      add({ key: '', kind: 'person', label: '', custody: 'browser', identity: 'campus' })
                    }
                  >
                    {t('contractTpl.addRole')}
                  </Button>
                </div>
              )}
            </Form.List>

            <Typography.Text strong>{t('contractTpl.fields')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('contractTpl.fieldsHint')}
            </Typography.Paragraph>
            <Form.List name="fields">
              {(items, { add, remove }) => (
                <div data-testid="contract-tpl-fields">
                  <Row gutter={8}>
                    {items.map((item) => {
                      const kind = fields[item.name]?.kind;
                      return (
                        <Col key={item.key} xs={24} lg={12} xxl={24}>
                          <Card size="small" style={{ marginBottom: 8 }}>
                            <Row gutter={8} align="bottom">
                              <Col xs={12}>
                                <Form.Item
                                  name={[item.name, 'name']}
                                  label={t('contractTpl.element')}
                                  rules={[{ required: true, whitespace: true }]}
                                >
                                  <AutoComplete options={elementOptions} filterOption />
                                </Form.Item>
                              </Col>
                              <Col xs={10}>
                                <Form.Item name={[item.name, 'kind']} label={t('contractTpl.fieldKind')}>
                                  <Select
                                    options={FIELD_DRAFT_KINDS.map((k) => ({
                                      value: k,
                                      label: t(`contractTpl.fieldKind.${k}`),
                                    }))}
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={2}>
                                <Form.Item>
                                  <Button
                                    type="text"
                                    danger
                                    icon={<DeleteOutlined />}
                                    aria-label={t('contractTpl.remove')}
                                    onClick={() => remove(item.name)}
                                  />
                                </Form.Item>
                              </Col>
                            </Row>
                            {isRoleKind(kind) ? (
                              <Form.Item
                                name={[item.name, 'role']}
                                label={t('contractTpl.fieldRole')}
                                rules={[{ required: true }]}
                                style={{ marginBottom: 0 }}
                              >
                                <Select options={roleOptions} />
                              </Form.Item>
                            ) : (
                              <Row gutter={8} align="bottom">
                                <Col xs={16}>
                                  <Form.Item
                                    name={[item.name, 'label']}
                                    label={t('contractTpl.fieldLabel')}
                                    style={{ marginBottom: 0 }}
                                  >
                                    <Input maxLength={100} />
                                  </Form.Item>
                                </Col>
                                <Col xs={8}>
                                  <Form.Item
                                    name={[item.name, 'required']}
                                    valuePropName="checked"
                                    style={{ marginBottom: 0 }}
                                  >
                                    <Checkbox>{t('contractTpl.required')}</Checkbox>
                                  </Form.Item>
                                </Col>
                              </Row>
                            )}
                          </Card>
                        </Col>
                      );
                    })}
                  </Row>
                  <Button
                    block
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: '', kind: 'text', required: false })}
                  >
                    {t('contractTpl.addField')}
                  </Button>
                </div>
              )}
            </Form.List>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
