import { FileTextOutlined, FileWordOutlined, SettingOutlined } from '@ant-design/icons';
import { MAX_CONTRACT_PARTIES, routes, type SigningOrder, type UsableSeal } from '@openseal/contract';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Radio,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { schoolPickerValue } from '../account/school-picker.ts';
import { useSchoolTimeZone, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { CONTRACT_TEMPLATES_PATH } from '../contract-templates/contract-template-paths.ts';
import { TemplateContractFields } from '../contract-templates/template-contract-form.tsx';
import {
  generationParts,
  type TemplateContractValues,
} from '../contract-templates/template-contract-values.ts';
import { formatBytes } from '../files/format-bytes.ts';
import { uploadFile } from '../files/upload-file.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { REQUEST_FILE_ACCEPT, requestFileKind } from '../requests/request-file.ts';
import { PdfDropZone } from '../stamp/pdf-drop-zone.tsx';
import { PdfPagePreview } from '../stamp/pdf-page-preview.tsx';
import { PdfPager } from '../stamp/pdf-pager.tsx';
import { openPdf, type PDFDocumentProxy } from '../stamp/pdfjs.ts';
import { PreviewCard } from '../stamp/preview-card.tsx';
import { StampLayout } from '../stamp/stamp-layout.tsx';
import { SubmitBlock } from '../stamp/submit-block.tsx';
import { usePreviewWidth } from '../stamp/use-preview-width.ts';
import { contractPage } from './contract-paths.ts';
import { type PartyDraft, partyInputs } from './party-drafts.ts';
import { PartyListEditor } from './party-list-editor.tsx';

interface NewContractForm extends TemplateContractValues {
  title: string;
  order: SigningOrder;
  deadline?: Dayjs | null;
  /** 抄送: usernames of those who may read it and hear when it ends. */
  cc?: string[];
}

interface Opened {
  file: File;
  /** Open for preview when it is a PDF; a Word, Excel or ODF file is converted by the server. */
  doc: PDFDocumentProxy | null;
}

/** The seals an initiator may stamp contracts with: allowed for every document type, or for contracts. */
const forContracts = (seals: readonly UsableSeal[]): UsableSeal[] =>
  seals.filter((u) => u.documentTypes.length === 0 || u.documentTypes.includes('contract'));

/** Where the contract's PDF comes from: generated from a template and data, or an uploaded file. */
type ContractSource = 'template' | 'file';

/**
 * 发起合同: the PDF (previewed here, uploaded on submit) or a template with its data, a title, the
 * parties in signing order (by role for a template), sequential or all at once, and optionally the
 * last day for signing (a day on the school's calendar). The new contract's page opens once it is started.
 */
export function ContractNewPage() {
  const api = useApi();
  const { t } = useLocale();
  const navigate = useNavigate();
  const zone = useSchoolTimeZone();
  const zoneLabel = useSchoolZoneLabel();
  const { state } = useSession();
  const mayUseSeals = state.status === 'signed-in' && hasPermission(state.user, 'seals.use');
  const managesTemplates = state.status === 'signed-in' && hasPermission(state.user, 'templates.manage');
  const [source, setSource] = useState<ContractSource>('file');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const templates = useApiGet(routes.listContractTemplates, source === 'template' ? {} : null);
  const chosen = useApiGet(routes.getContractTemplate, templateId ? { params: { id: templateId } } : null);
  const detail = templateId && chosen.load.status === 'ready' ? chosen.load.data : null;
  const usable = useApiGet(routes.usableSeals, mayUseSeals ? {} : null);
  const seals = useMemo(
    () => (usable.load.status === 'ready' ? forContracts(usable.load.data) : []),
    [usable.load],
  );
  const [form] = Form.useForm<NewContractForm>();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [parties, setParties] = useState<PartyDraft[]>([]);
  const [partiesMissing, setPartiesMissing] = useState(false);
  const [previewRef, previewWidth] = usePreviewWidth();

  useEffect(() => () => void opened?.doc?.destroy(), [opened]);

  async function choose(file: File) {
    setFileError(null);
    setOpened(null);
    setPageNumber(1);
    const kind = requestFileKind(
      file.name,
      file.size,
      new Uint8Array(await file.slice(0, 1024).arrayBuffer()),
    );
    if (kind === 'tooLarge' || kind === 'unsupported') {
      setFileError(t(kind === 'tooLarge' ? 'request.fileTooLarge' : 'request.fileUnsupported'));
      return;
    }
    // The file's name is a fair first title; the person may change it.
    if (!form.getFieldValue('title')) form.setFieldValue('title', file.name.replace(/\.[^.]+$/, ''));
    if (kind === 'office') {
      setOpened({ file, doc: null });
      return;
    }
    try {
      setOpened({ file, doc: await openPdf(new Uint8Array(await file.arrayBuffer())) });
    } catch (e) {
      setFileError(t('stamp.renderFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  }

  const { submit, submitting, error } = useSubmit(async (values: NewContractForm) => {
    const cc = [...new Set((values.cc ?? []).map((u) => u.trim()).filter((u) => u !== ''))];
    const common = {
      title: values.title.trim(),
      order: values.order,
      ...(values.deadline ? { deadline: values.deadline.format('YYYY-MM-DD') } : {}),
      ...(cc.length > 0 ? { cc } : {}),
    };
    if (source === 'template') {
      if (!detail) return;
      const generated = await api.call(routes.generateContract, {
        params: { id: detail.id },
        body: { ...common, ...generationParts(detail, values) },
      });
      navigate(contractPage(generated.id));
      return;
    }
    if (!opened) return;
    if (parties.length === 0) {
      setPartiesMissing(true);
      return;
    }
    // A PDF goes up as one, whatever its name; an Office file as its extension says.
    const file = await uploadFile(api, opened.file, opened.doc ? 'application/pdf' : undefined);
    const created = await api.call(routes.createContract, {
      body: { ...common, file, parties: partyInputs(parties) },
    });
    navigate(contractPage(created.id));
  });

  const required = { required: true, message: t('stamp.required') };
  const today = schoolPickerValue(zone).startOf('day');

  const templatePreview = (
    <PreviewCard
      title={detail ? detail.name : t('contractTpl.template')}
      extra={null}
      minHeight={320}
      widthRef={previewRef}
      fileError={null}
      errorTestId="contract-template-error"
    >
      {detail ? (
        <Space
          direction="vertical"
          size={12}
          style={{ width: '100%' }}
          data-testid="contract-template-summary"
        >
          <Typography.Text type="secondary">{t('contractTpl.generatedHint')}</Typography.Text>
          <Space wrap>
            {detail.roles.map((r, i) => (
              <Tag key={r.key} color={r.kind === 'person' ? 'blue' : 'red'}>
                {i + 1}. {r.label}
              </Tag>
            ))}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('contractTpl.versionN', { version: detail.version })}
          </Typography.Text>
        </Space>
      ) : (
        <Empty
          image={<FileTextOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
          description={
            templates.load.status === 'ready' && templates.load.data.every((x) => !x.active)
              ? t('contractTpl.noneAvailable')
              : t('contractTpl.pickTemplate')
          }
        />
      )}
    </PreviewCard>
  );

  const filePreview = (
    <PreviewCard
      title={opened ? opened.file.name : t('contracts.file')}
      extra={
        opened && (
          <Space wrap>
            {opened.doc && (
              <PdfPager
                page={pageNumber}
                pages={opened.doc.numPages}
                onPage={setPageNumber}
                testId="contract-new-page-number"
              />
            )}
            <Button size="small" onClick={() => setOpened(null)}>
              {t('request.otherFile')}
            </Button>
          </Space>
        )
      }
      minHeight={320}
      widthRef={previewRef}
      fileError={fileError}
      errorTestId="contract-file-error"
    >
      {opened && !opened.doc ? (
        <Empty
          data-testid="contract-office-file"
          image={<FileWordOutlined style={{ fontSize: 56, color: '#1677ff' }} />}
          description={
            <Space direction="vertical">
              <Typography.Text strong>{opened.file.name}</Typography.Text>
              <Typography.Text type="secondary">
                {formatBytes(opened.file.size)} · {t('request.willConvert')}
              </Typography.Text>
            </Space>
          }
        />
      ) : opened?.doc ? (
        <PdfPagePreview
          doc={opened.doc}
          pageNumber={pageNumber}
          width={previewWidth}
          ghost={null}
          mark={null}
          onPick={null}
        />
      ) : (
        <PdfDropZone
          testId="contract-file"
          accept={REQUEST_FILE_ACCEPT}
          text={t('contracts.file')}
          hint={t('contracts.fileHint')}
          onFile={(file) => void choose(file)}
        />
      )}
    </PreviewCard>
  );

  const templateOptions =
    templates.load.status === 'ready'
      ? templates.load.data.filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))
      : [];

  const panel = (
    <Card
      title={<Typography.Text strong>{t('contracts.new')}</Typography.Text>}
      extra={
        managesTemplates && (
          <Link to={CONTRACT_TEMPLATES_PATH} data-testid="contract-templates-link">
            <SettingOutlined /> {t('contractTpl.manage')}
          </Link>
        )
      }
    >
      <Segmented<ContractSource>
        block
        data-testid="contract-source"
        style={{ marginBottom: 16 }}
        value={source}
        onChange={setSource}
        options={[
          {
            value: 'file',
            label: <span data-testid="contract-source-file">{t('contractTpl.fromFile')}</span>,
          },
          {
            value: 'template',
            label: <span data-testid="contract-source-template">{t('contractTpl.fromTemplate')}</span>,
          },
        ]}
      />
      <Form<NewContractForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ order: 'sequential' }}
        onFinish={submit}
      >
        <Form.Item
          name="title"
          label={t('contracts.title')}
          rules={[required, { whitespace: true }, { max: 200 }]}
        >
          <Input data-testid="contract-title" maxLength={200} />
        </Form.Item>
        {source === 'template' && (
          <Form.Item label={t('contractTpl.template')} required>
            <Select
              data-testid="contract-template"
              placeholder={t('contractTpl.pickTemplate')}
              loading={templates.load.status === 'loading'}
              value={templateId}
              options={templateOptions}
              showSearch
              optionFilterProp="label"
              notFoundContent={t('contractTpl.noneAvailable')}
              onChange={(id: string) => {
                setTemplateId(id);
                form.setFieldsValue({ data: {}, roles: {} });
                const name = templateOptions.find((o) => o.value === id)?.label;
                if (name && !form.getFieldValue('title')) form.setFieldValue('title', name);
              }}
            />
          </Form.Item>
        )}
        {source === 'template' && detail && (
          <TemplateContractFields key={`${detail.id}:${detail.version}`} detail={detail} seals={seals} />
        )}
        {source === 'file' && (
          <Form.Item label={t('contracts.parties')} required>
            <PartyListEditor
              parties={parties}
              onChange={(next) => {
                setParties(next);
                setPartiesMissing(false);
              }}
              seals={seals}
              sealsLoading={mayUseSeals && usable.load.status === 'loading'}
            />
            {partiesMissing && (
              <Alert
                type="error"
                showIcon
                data-testid="contract-parties-missing"
                style={{ marginTop: 8 }}
                message={t('contracts.partiesMissing')}
              />
            )}
          </Form.Item>
        )}
        <Form.Item name="order" label={t('contracts.order')}>
          <Radio.Group data-testid="contract-order">
            <Space direction="vertical" size={4}>
              <Radio value="sequential" data-testid="contract-order-sequential">
                {t('contracts.sequential')}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {t('contracts.sequentialHint')}
                </Typography.Text>
              </Radio>
              <Radio value="parallel" data-testid="contract-order-parallel">
                {t('contracts.parallel')}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {t('contracts.parallelHint')}
                </Typography.Text>
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('contracts.deadline')}
          extra={t('contracts.deadlineHint', { zone: zoneLabel })}
        >
          <DatePicker
            data-testid="contract-deadline"
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(today, 'day')}
          />
        </Form.Item>
        <Form.Item name="cc" label={t('contracts.cc')} extra={t('contracts.ccHint')}>
          <Select
            data-testid="contract-cc"
            mode="tags"
            open={false}
            suffixIcon={null}
            tokenSeparators={[',', '，', ' ']}
            maxCount={MAX_CONTRACT_PARTIES}
            placeholder={t('contracts.ccPlaceholder')}
          />
        </Form.Item>
        <SubmitBlock
          prefix="contract-create"
          error={error}
          submitting={submitting}
          disabled={source === 'file' ? !opened : !detail}
          label={t('contracts.start')}
          noFileHint={
            source === 'file'
              ? opened
                ? null
                : t('contracts.noFile')
              : detail
                ? null
                : t('contractTpl.templateMissing')
          }
        />
      </Form>
    </Card>
  );

  return <StampLayout preview={source === 'file' ? filePreview : templatePreview} panel={panel} />;
}
