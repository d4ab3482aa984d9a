import { FileWordOutlined } from '@ant-design/icons';
import { MAX_CONTRACT_PARTIES, routes, type SigningOrder, type UsableSeal } from '@openseal/contract';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { schoolPickerValue } from '../account/school-picker.ts';
import { useSchoolTimeZone, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
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

interface NewContractForm {
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

/**
 * 发起合同: the PDF (previewed here, uploaded on submit), a title, the parties in signing order,
 * sequential or all at once, and optionally the last day for signing (a day on the school's
 * calendar). The new contract's page opens once it is started.
 */
export function ContractNewPage() {
  const api = useApi();
  const { t } = useLocale();
  const navigate = useNavigate();
  const zone = useSchoolTimeZone();
  const zoneLabel = useSchoolZoneLabel();
  const { state } = useSession();
  const mayUseSeals = state.status === 'signed-in' && hasPermission(state.user, 'seals.use');
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
    if (!opened) return;
    if (parties.length === 0) {
      setPartiesMissing(true);
      return;
    }
    // A PDF goes up as one, whatever its name; an Office file as its extension says.
    const file = await uploadFile(api, opened.file, opened.doc ? 'application/pdf' : undefined);
    const cc = [...new Set((values.cc ?? []).map((u) => u.trim()).filter((u) => u !== ''))];
    const created = await api.call(routes.createContract, {
      body: {
        title: values.title.trim(),
        file,
        order: values.order,
        parties: partyInputs(parties),
        ...(values.deadline ? { deadline: values.deadline.format('YYYY-MM-DD') } : {}),
        ...(cc.length > 0 ? { cc } : {}),
      },
    });
    navigate(contractPage(created.id));
  });

  const required = { required: true, message: t('stamp.required') };
  const today = schoolPickerValue(zone).startOf('day');

  const preview = (
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

  const panel = (
    <Card title={<Typography.Text strong>{t('contracts.new')}</Typography.Text>}>
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
          disabled={!opened}
          label={t('contracts.start')}
          noFileHint={opened ? null : t('contracts.noFile')}
        />
      </Form>
    </Card>
  );

  return <StampLayout preview={preview} panel={panel} />;
}
