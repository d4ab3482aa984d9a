import { FileWordOutlined } from '@ant-design/icons';
import { DOCUMENT_TYPES, type DocumentType, routes, type SubmitUseRequestBody } from '@openseal/contract';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { pickedInstant } from '../account/school-picker.ts';
import { useSchoolTimeZone, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { formatBytes } from '../files/format-bytes.ts';
import { uploadFile } from '../files/upload-file.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useInbox } from '../requests/inbox-context.tsx';
import { REQUEST_FILE_ACCEPT, requestFileKind } from '../requests/request-file.ts';
import { requestPage } from '../requests/request-paths.ts';
import { SealImage } from '../seals/seal-image.tsx';
import { PdfDropZone } from '../stamp/pdf-drop-zone.tsx';
import { PdfPager } from '../stamp/pdf-pager.tsx';
import { openPdf, type PDFDocumentProxy } from '../stamp/pdfjs.ts';
import { PlaceablePage } from '../stamp/placeable-page.tsx';
import { type PlacementKind, placementOf } from '../stamp/placement.ts';
import { PlacementFields } from '../stamp/placement-fields.tsx';
import { PreviewCard } from '../stamp/preview-card.tsx';
import { PurposeField } from '../stamp/purpose-field.tsx';
import { sealGhost } from '../stamp/seal-ghost.ts';
import { SealPreviewBox } from '../stamp/seal-preview-box.tsx';
import { StampLayout } from '../stamp/stamp-layout.tsx';
import { SubmitBlock } from '../stamp/submit-block.tsx';
import { usePreviewWidth } from '../stamp/use-preview-width.ts';
import { LoadFailed } from './load-failed.tsx';

interface RequestForm {
  sealId: string;
  documentType: DocumentType;
  purpose: string;
  copies: number;
  amount?: number | null;
  placement: PlacementKind;
  keyword?: string;
  occurrence?: 'first' | 'last';
  returnBy?: Dayjs | null;
}

interface Chosen {
  file: File;
  /** Open for preview when it is a PDF; Office files are converted by the server. */
  doc: PDFDocumentProxy | null;
}

/**
 * 用印申请: the requester picks the file (a PDF is previewed here; Word/Excel files are converted by
 * the server), a seal they may ask for, what the document is and why, and where the seal goes. The
 * request then follows its approval flow; the stamping happens on the request once approved. A
 * physical seal is asked for with a return date instead.
 */
export function RequestNewPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const zone = useSchoolTimeZone();
  const zoneLabel = useSchoolZoneLabel();
  const navigate = useNavigate();
  const inbox = useInbox();
  const seals = useApiGet(routes.requestableSeals);
  const [form] = Form.useForm<RequestForm>();
  const sealId = Form.useWatch('sealId', form);
  const placementKind = Form.useWatch('placement', form) ?? 'page';
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [placed, setPlaced] = useState<{ page: number; x: number; y: number } | null>(null);
  const [previewRef, previewWidth] = usePreviewWidth();

  const list = seals.load.status === 'ready' ? seals.load.data : [];
  const seal = list.find((s) => s.id === sealId) ?? null;
  const physical = seal?.physical === true;
  const ghost = useMemo(() => (seal && !seal.physical ? sealGhost(seal) : null), [seal]);

  useEffect(() => () => void chosen?.doc?.destroy(), [chosen]);
  // Office files have no preview to click on: the keyword placement is the useful default there,
  // until a PDF is chosen again.
  const switchedForOffice = useRef(false);
  useEffect(() => {
    if (!chosen) return;
    const kind = form.getFieldValue('placement') as PlacementKind | undefined;
    if (!chosen.doc && kind === 'page') {
      form.setFieldValue('placement', 'keyword');
      switchedForOffice.current = true;
    } else if (chosen.doc && switchedForOffice.current) {
      if (kind === 'keyword') form.setFieldValue('placement', 'page');
      switchedForOffice.current = false;
    }
  }, [chosen, form]);

  async function choose(file: File) {
    setFileError(null);
    setPlaced(null);
    setPageNumber(1);
    setChosen(null);
    const kind = requestFileKind(
      file.name,
      file.size,
      new Uint8Array(await file.slice(0, 1024).arrayBuffer()),
    );
    if (kind === 'tooLarge' || kind === 'unsupported') {
      setFileError(t(kind === 'tooLarge' ? 'request.fileTooLarge' : 'request.fileUnsupported'));
      return;
    }
    if (kind === 'office') {
      setChosen({ file, doc: null });
      return;
    }
    try {
      setChosen({ file, doc: await openPdf(new Uint8Array(await file.arrayBuffer())) });
    } catch (e) {
      setFileError(t('stamp.renderFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  }

  const { submit, submitting, error } = useSubmit(async (values: RequestForm) => {
    const common = {
      sealId: values.sealId,
      documentType: values.documentType,
      purpose: values.purpose.trim(),
      copies: values.copies,
    };
    const placement = physical ? null : placementOf(values, placed);
    if (!physical && (!placement || !chosen)) return;
    // The file goes up first, as itself (a PDF as one, whatever its name); the request names it.
    const file = chosen
      ? await uploadFile(api, chosen.file, chosen.doc ? 'application/pdf' : undefined)
      : undefined;
    let body: SubmitUseRequestBody;
    if (physical) {
      body = {
        type: 'seal.physicalUse',
        payload: { ...common, returnBy: pickedInstant(values.returnBy as Dayjs, zone) },
        ...(file ? { file } : {}),
      };
    } else {
      if (!placement || !file) return;
      body = {
        type: 'seal.use',
        payload: {
          ...common,
          placement,
          ...(typeof values.amount === 'number' ? { amount: values.amount } : {}),
        },
        file,
      };
    }
    const created = await api.call(routes.submitUseRequest, { body });
    inbox.refresh();
    navigate(requestPage(created.id));
  });

  const required = { required: true, message: t('stamp.required') };
  const pages = chosen?.doc?.numPages ?? 0;
  const noSeals = seals.load.status === 'ready' && list.length === 0;

  const preview = (
    <PreviewCard
      title={chosen ? chosen.file.name : t('request.file')}
      extra={
        chosen && (
          <Space wrap>
            {chosen.doc && (
              <PdfPager page={pageNumber} pages={pages} onPage={setPageNumber} testId="request-page-number" />
            )}
            <Button size="small" onClick={() => setChosen(null)}>
              {t('request.otherFile')}
            </Button>
          </Space>
        )
      }
      minHeight={320}
      widthRef={previewRef}
      fileError={fileError}
      errorTestId="request-file-error"
    >
      {chosen?.doc ? (
        <PlaceablePage
          doc={chosen.doc}
          pageNumber={pageNumber}
          width={previewWidth}
          clickToPlace={placementKind === 'page'}
          ghost={ghost}
          placed={placed}
          onPlace={physical ? null : setPlaced}
        />
      ) : chosen ? (
        <Empty
          data-testid="request-office-file"
          image={<FileWordOutlined style={{ fontSize: 56, color: '#1677ff' }} />}
          description={
            <Space direction="vertical">
              <Typography.Text strong>{chosen.file.name}</Typography.Text>
              <Typography.Text type="secondary">
                {formatBytes(chosen.file.size)} · {t('request.willConvert')}
              </Typography.Text>
            </Space>
          }
        />
      ) : (
        <PdfDropZone
          testId="request-file"
          accept={REQUEST_FILE_ACCEPT}
          text={t('request.file')}
          hint={t('request.fileHint')}
          onFile={(file) => void choose(file)}
        />
      )}
    </PreviewCard>
  );

  const panel = (
    <Card title={<Typography.Text strong>{t('nav.requestNew')}</Typography.Text>}>
      {seals.load.status === 'failed' && <LoadFailed error={seals.load.error} />}
      {noSeals && <Empty description={t('request.noSeals')} />}
      {seals.load.status !== 'failed' && !noSeals && (
        <Form<RequestForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ placement: 'page', occurrence: 'first', copies: 1 }}
          onFinish={submit}
        >
          <Form.Item name="sealId" label={t('stamp.seal')} rules={[required]}>
            <Select
              data-testid="request-seal"
              loading={seals.load.status === 'loading'}
              optionLabelProp="title"
              showSearch
              optionFilterProp="title"
              options={list.map((s) => ({
                value: s.id,
                title: s.name,
                label: (
                  <Space>
                    <SealImage seal={s} size={28} />
                    <span>{s.name}</span>
                    {s.physical ? (
                      <Tag color="gold">{t('seals.physical')}</Tag>
                    ) : (
                      <Typography.Text type="secondary">{t(`sealType.${s.type}`)}</Typography.Text>
                    )}
                  </Space>
                ),
              }))}
            />
          </Form.Item>
          {seal && (
            <SealPreviewBox testId="request-seal-preview">
              <SealImage seal={seal} size={88} />
              <Typography.Text type="secondary">
                {physical ? t('request.physicalHint') : t('request.electronicHint')}
              </Typography.Text>
            </SealPreviewBox>
          )}
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="documentType" label={t('stamp.documentType')} rules={[required]}>
                <Select
                  data-testid="request-document-type"
                  options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`docType.${d}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="copies" label={t('request.copies')} rules={[required]}>
                <InputNumber
                  data-testid="request-copies"
                  min={1}
                  max={physical ? 1000 : 100}
                  precision={0}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              {!physical && (
                <Form.Item name="amount" label={t('request.amount')}>
                  <InputNumber data-testid="request-amount" min={0} style={{ width: '100%' }} />
                </Form.Item>
              )}
            </Col>
          </Row>
          <PurposeField testId="request-purpose" max={1000} placeholder={t('request.purposePlaceholder')} />
          {physical ? (
            <Form.Item name="returnBy" label={t('request.returnBy')} rules={[required]} extra={zoneLabel}>
              <DatePicker showTime data-testid="request-return-by" style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <PlacementFields kind={placementKind} placed={placed} prefix="request" />
          )}
          <SubmitBlock
            prefix="request"
            error={error}
            submitting={submitting}
            disabled={!physical && (!chosen || (placementKind === 'page' && !placed))}
            label={t('request.submit')}
            noFileHint={!physical && !chosen ? t('request.noFile') : null}
          />
        </Form>
      )}
    </Card>
  );

  return <StampLayout preview={preview} panel={panel} />;
}
