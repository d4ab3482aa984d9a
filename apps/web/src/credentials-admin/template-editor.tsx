import { ArrowLeftOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { type CredentialTemplateDetail, type CredentialTemplateInput, routes } from '@openseal/contract';
import type { Template } from '@pdfme/common';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Form,
  Input,
  InputNumber,
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
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { type DataSchemaProblem, parseDataSchema } from './data-schema-text.ts';
import { showPdfBlob } from './open-pdf-blob.ts';
import { SealPicker } from './seal-picker.tsx';
import { type DesignerHandle, TemplateDesigner } from './template-designer.tsx';
import {
  BLANK_DATA_SCHEMA,
  BLANK_TEMPLATE,
  formValuesOf,
  newFormValues,
  slotRoles,
  type TemplateFormValues,
  templateInput,
} from './template-input.ts';

/** /templates/:id (or /templates/new): a credential type's page layout, data schema and settings. */
export function TemplateEditor({ id }: { id: string }) {
  const isNew = id === 'new';
  const { load } = useApiGet(routes.getCredentialTemplate, isNew ? null : { params: { id } });
  if (isNew) return <EditorBody key="new" detail={null} />;
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  if (load.status === 'loading') return <Card loading />;
  return <EditorBody key={load.data.id} detail={load.data} />;
}

function schemaProblemText(p: DataSchemaProblem, t: ReturnType<typeof useLocale>['t']): string {
  switch (p.kind) {
    case 'json':
      return t('tpl.schema.json', { detail: p.detail });
    case 'notObject':
      return t('tpl.schema.notObject');
    case 'fieldType':
      return t('tpl.schema.fieldType', { path: p.path, type: p.type });
  }
}

function EditorBody({ detail }: { detail: CredentialTemplateDetail | null }) {
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
  const [form] = Form.useForm<TemplateFormValues>();
  const initial = useMemo(() => (detail ? formValuesOf(detail) : newFormValues(home)), [detail, home]);
  // School-wide: a type of 教务处 may carry the school's 公章.
  const seals = useApiGet(routes.listTemplateSeals);
  // The designer is built once from what was loaded; saving keeps it and only updates the version.
  const designerTemplate = useMemo(() => (detail?.template ?? BLANK_TEMPLATE) as Template, [detail]);
  const designer = useRef<DesignerHandle | null>(null);
  const [schemaText, setSchemaText] = useState(() =>
    JSON.stringify(detail?.dataSchema ?? BLANK_DATA_SCHEMA, null, 2),
  );
  const [previewText, setPreviewText] = useState('');
  const [version, setVersion] = useState(detail?.version ?? null);
  const [slotWarning, setSlotWarning] = useState<string | null>(null);
  const parsedSchema = parseDataSchema(schemaText);

  const save = useSubmit(async (values: TemplateFormValues) => {
    if (!parsedSchema.ok || !designer.current) return;
    const template = designer.current.getTemplate() as unknown as CredentialTemplateInput['template'];
    const input = templateInput(values, template, parsedSchema.schema);
    const roles = slotRoles(template);
    const missing = input.seals.filter((s) => !roles.has(s.role)).map((s) => t(`tpl.sealRole.${s.role}`));
    setSlotWarning(missing.length > 0 ? t('tpl.slotMissing', { roles: missing.join(', ') }) : null);
    if (detail) {
      const saved = await api.call(routes.updateCredentialTemplate, {
        params: { id: detail.id },
        body: input,
      });
      setVersion(saved.version);
      void message.success(t('tpl.saved', { version: saved.version }));
    } else {
      const created = await api.call(routes.createCredentialTemplate, { body: input });
      void message.success(t('tpl.saved', { version: created.version }));
      navigate(`/templates/${encodeURIComponent(created.id)}`, { replace: true });
    }
  });

  const preview = useSubmit(async (record: Record<string, unknown> | undefined) => {
    if (!detail) return;
    const pending = window.open('', '_blank');
    try {
      const { bytes } = await api.call(routes.previewCredentialTemplate, {
        params: { id: detail.id },
        body: record ? { record } : {},
      });
      showPdfBlob(new Blob([bytes], { type: 'application/pdf' }), pending, `${detail.code}-specimen.pdf`);
    } catch (e) {
      pending?.close();
      throw e;
    }
  });
  let previewRecord: Record<string, unknown> | undefined;
  let previewProblem: string | null = null;
  if (previewText.trim()) {
    try {
      const v: unknown = JSON.parse(previewText);
      if (typeof v === 'object' && v !== null && !Array.isArray(v))
        previewRecord = v as Record<string, unknown>;
      else previewProblem = t('tpl.preview.notObject');
    } catch (e) {
      previewProblem = t('tpl.schema.json', { detail: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/templates')}>
              {t('tpl.back')}
            </Button>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="tpl-editor-title">
              {detail ? `${detail.name.zh} / ${detail.name.en}` : t('tpl.new')}
            </Typography.Title>
            {version !== null && (
              <Tag color="blue" data-testid="tpl-version" data-version={version}>
                {t('tpl.versionN', { version })}
              </Tag>
            )}
          </Space>
          <Space wrap>
            <Button
              icon={<EyeOutlined />}
              data-testid="tpl-preview"
              disabled={!detail || previewProblem !== null}
              loading={preview.submitting}
              title={detail ? undefined : t('tpl.preview.saveFirst')}
              onClick={() => void preview.submit(previewRecord)}
            >
              {t('tpl.preview')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              data-testid="tpl-save"
              loading={save.submitting}
              disabled={!parsedSchema.ok}
              onClick={() => form.submit()}
            >
              {t('tpl.save')}
            </Button>
          </Space>
        </Space>
      </Col>
      <Col xs={24}>
        <ApiErrorAlert error={save.error} testId="tpl-save-error" />
        <ApiErrorAlert error={preview.error} testId="tpl-preview-error" />
        {slotWarning && <Alert type="warning" showIcon message={slotWarning} style={{ marginBottom: 16 }} />}
      </Col>
      <Col xs={24} xxl={16}>
        <Card size="small" title={t('tpl.layout')} styles={{ body: { padding: 0 } }}>
          <TemplateDesigner template={designerTemplate} handle={designer} />
        </Card>
      </Col>
      <Col xs={24} xxl={8}>
        <Card size="small" title={t('tpl.settings')}>
          <Form<TemplateFormValues>
            form={form}
            layout="vertical"
            initialValues={initial}
            onFinish={(values) => void save.submit(values)}
            data-testid="tpl-form"
          >
            <Form.Item
              name="code"
              label={t('tpl.code')}
              extra={t('tpl.codeHint')}
              rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('tpl.codeRule') }]}
            >
              <Input data-testid="tpl-code" disabled={detail !== null} />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={24} sm={12}>
                <Form.Item name="nameZh" label={t('tpl.nameZh')} rules={[{ required: true, max: 200 }]}>
                  <Input data-testid="tpl-name-zh" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="nameEn" label={t('tpl.nameEn')} rules={[{ required: true, max: 200 }]}>
                  <Input data-testid="tpl-name-en" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col xs={12}>
                <Form.Item name="audience" label={t('tpl.audience')}>
                  <Select
                    options={(['student', 'staff'] as const).map((a) => ({
                      value: a,
                      label: t(`tpl.audience.${a}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="language" label={t('tpl.language')}>
                  <Select
                    options={[
                      { value: 'zh', label: '中文' },
                      { value: 'en', label: 'English' },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="ownerUnitId" label={t('tpl.ownerUnit')} rules={[{ required: true }]}>
              <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
            </Form.Item>
            {seals.load.status === 'failed' && (
              <ApiErrorAlert error={seals.load.error} testId="tpl-seals-error" />
            )}
            <Form.Item
              name="issuerSealId"
              label={t('tpl.issuerSeal')}
              rules={[{ required: true, message: t('tpl.issuerSealRequired') }]}
            >
              <SealPicker seals={seals.load} testId="tpl-issuer-seal" />
            </Form.Item>
            <Form.Item name="counterSealId" label={t('tpl.counterSeal')} extra={t('tpl.counterSealHint')}>
              <SealPicker seals={seals.load} testId="tpl-counter-seal" allowClear />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={12}>
                <Form.Item name="retentionYears" label={t('tpl.retentionYears')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="requiresApproval" label={t('tpl.requiresApproval')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="active"
              label={t('tpl.active')}
              valuePropName="checked"
              extra={t('tpl.activeHint')}
            >
              <Switch data-testid="tpl-active" />
            </Form.Item>
            <Form.Item
              label={t('tpl.dataSchema')}
              extra={t('tpl.dataSchemaHint')}
              validateStatus={parsedSchema.ok ? undefined : 'error'}
              help={parsedSchema.ok ? undefined : schemaProblemText(parsedSchema.problem, t)}
            >
              <Input.TextArea
                data-testid="tpl-data-schema"
                value={schemaText}
                onChange={(e) => setSchemaText(e.target.value)}
                autoSize={{ minRows: 6, maxRows: 18 }}
                spellCheck={false}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
              />
            </Form.Item>
          </Form>
          <Collapse
            size="small"
            items={[
              {
                key: 'preview',
                label: t('tpl.preview.data'),
                children: (
                  <Form.Item
                    extra={t('tpl.preview.dataHint')}
                    validateStatus={previewProblem ? 'error' : undefined}
                    help={previewProblem ?? undefined}
                    style={{ marginBottom: 0 }}
                  >
                    <Input.TextArea
                      data-testid="tpl-preview-data"
                      value={previewText}
                      onChange={(e) => setPreviewText(e.target.value)}
                      autoSize={{ minRows: 3, maxRows: 12 }}
                      spellCheck={false}
                      style={{ fontFamily: 'monospace', fontSize: 12 }}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
