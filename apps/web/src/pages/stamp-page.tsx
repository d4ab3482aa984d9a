import { DownloadOutlined } from '@ant-design/icons';
import {
  DOCUMENT_TYPES,
  type DocumentType,
  placementQuery,
  routes,
  type SealWarning,
} from '@openseal/contract';
import { Button, Card, Descriptions, Empty, Form, Result, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { SealImage } from '../seals/seal-image.tsx';
import { PdfDropZone } from '../stamp/pdf-drop-zone.tsx';
import { pdfFileProblem, sealedFileName } from '../stamp/pdf-file.ts';
import type { SealGhost } from '../stamp/pdf-page-preview.tsx';
import { PdfPager } from '../stamp/pdf-pager.tsx';
import { openPdf, type PDFDocumentProxy } from '../stamp/pdfjs.ts';
import { PlaceablePage } from '../stamp/placeable-page.tsx';
import { type PlacementKind, placementOf } from '../stamp/placement.ts';
import { PlacementFields } from '../stamp/placement-fields.tsx';
import { PreviewCard } from '../stamp/preview-card.tsx';
import { PurposeField } from '../stamp/purpose-field.tsx';
import { sealGhost } from '../stamp/seal-ghost.ts';
import { SealPreviewBox } from '../stamp/seal-preview-box.tsx';
import { SealWarningAlerts } from '../stamp/seal-warning-alerts.tsx';
import { sealWarningsOf } from '../stamp/seal-warnings.ts';
import { StampLayout } from '../stamp/stamp-layout.tsx';
import { SubmitBlock } from '../stamp/submit-block.tsx';
import { usePreviewWidth } from '../stamp/use-preview-width.ts';
import { LoadFailed } from './load-failed.tsx';

interface StampForm {
  sealId: string;
  documentType: DocumentType;
  purpose: string;
  placement: PlacementKind;
  keyword?: string;
  occurrence?: 'first' | 'last';
}

interface Opened {
  file: File;
  /** The name the person chose, which names the sealed copies too. */
  name: string;
  doc: PDFDocumentProxy;
}

interface Sealed {
  blob: Blob;
  /** The sealed copy opened for preview, so the person sees the seal where it landed. */
  doc: PDFDocumentProxy;
  url: string;
  name: string;
  sha256: string;
  ledgerId: string;
  /** What a validator may hold against the sealed file. */
  warnings: SealWarning[];
}

/**
 * 盖章: the signed-in person chooses a PDF (previewed here with pdf.js), one of the seals they may use
 * now, the document type and purpose, and where the seal goes: a click on the page, a keyword, or
 * across the page edges. The server seals it (PAdES with a timestamp) and sends the file back.
 */
export function StampPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const usable = useApiGet(routes.usableSeals);
  const [form] = Form.useForm<StampForm>();
  const sealId = Form.useWatch('sealId', form);
  const placementKind = Form.useWatch('placement', form) ?? 'page';
  const [opened, setOpened] = useState<Opened | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [placed, setPlaced] = useState<{ page: number; x: number; y: number } | null>(null);
  const [sealed, setSealed] = useState<Sealed | null>(null);
  const [previewRef, previewWidth] = usePreviewWidth();

  const seals = usable.load.status === 'ready' ? usable.load.data : [];
  const chosen = seals.find((u) => u.seal.id === sealId) ?? null;
  // In the catalogue's order, whatever order the grant lists them in.
  const allowedTypes = useMemo<readonly DocumentType[]>(
    () =>
      chosen && chosen.documentTypes.length > 0
        ? DOCUMENT_TYPES.filter((d) => chosen.documentTypes.includes(d))
        : DOCUMENT_TYPES,
    [chosen],
  );

  // A seal allowed for fewer document types may make the current choice invalid.
  useEffect(() => {
    const current = form.getFieldValue('documentType') as DocumentType | undefined;
    if (chosen && current && !allowedTypes.includes(current)) form.setFieldValue('documentType', undefined);
    if (chosen && allowedTypes.length === 1) form.setFieldValue('documentType', allowedTypes[0]);
  }, [chosen, allowedTypes, form]);

  // A sealed copy's document moves to `opened` when stamped again, so it is destroyed only if not.
  const openedRef = useRef(opened);
  openedRef.current = opened;
  useEffect(() => () => void opened?.doc.destroy(), [opened]);
  useEffect(
    () => () => {
      if (!sealed) return;
      URL.revokeObjectURL(sealed.url);
      if (openedRef.current?.doc !== sealed.doc) void sealed.doc.destroy();
    },
    [sealed],
  );

  const ghost = useMemo<SealGhost | null>(() => (chosen ? sealGhost(chosen.seal) : null), [chosen]);

  async function choose(file: File) {
    setFileError(null);
    setSealed(null);
    setPlaced(null);
    setPageNumber(1);
    setOpened(null);
    const problem = pdfFileProblem(file.size, new Uint8Array(await file.slice(0, 1024).arrayBuffer()));
    if (problem) {
      setFileError(t(problem === 'tooLarge' ? 'stamp.tooLarge' : 'stamp.notPdf'));
      return;
    }
    try {
      const doc = await openPdf(new Uint8Array(await file.arrayBuffer()));
      setOpened({ file, name: file.name, doc });
    } catch (e) {
      setFileError(t('stamp.renderFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  }

  const { submit, submitting, error } = useSubmit(async (values: StampForm) => {
    if (!opened) return;
    const placement = placementOf(values, placed);
    if (!placement) return;
    const answer = await api.call(routes.useSeal, {
      params: { id: values.sealId },
      query: {
        ...placementQuery(placement),
        documentType: values.documentType,
        purpose: values.purpose.trim(),
      },
      body: opened.file,
      contentType: 'application/pdf',
    });
    const blob = new Blob([answer.bytes], { type: 'application/pdf' });
    const doc = await openPdf(answer.bytes);
    setSealed({
      blob,
      doc,
      url: URL.createObjectURL(blob),
      name: sealedFileName(opened.name),
      sha256: answer.headers.get('x-document-sha256') ?? '',
      ledgerId: answer.headers.get('x-ledger-id') ?? '',
      warnings: sealWarningsOf(answer.headers),
    });
  });

  /** Another seal on the sealed copy (e.g. a cross-page seal after the main one). */
  function stampAgain() {
    if (!opened || !sealed) return;
    setOpened({
      file: new File([sealed.blob], sealed.name, { type: 'application/pdf' }),
      name: opened.name,
      doc: sealed.doc,
    });
    setSealed(null);
    setPlaced(null);
  }

  const shown = sealed?.doc ?? opened?.doc;
  const pages = shown?.numPages ?? 0;
  const required = { required: true, message: t('stamp.required') };

  const preview = (
    <PreviewCard
      title={
        opened ? (
          <Space>
            {opened.name}
            {sealed && (
              <Tag color="green" data-testid="stamp-sealed-preview">
                {t('stamp.sealedPreview')}
              </Tag>
            )}
          </Space>
        ) : (
          t('stamp.file')
        )
      }
      extra={
        opened && (
          <Space>
            <PdfPager page={pageNumber} pages={pages} onPage={setPageNumber} testId="stamp-page-number" />
            <Button
              size="small"
              onClick={() => {
                setSealed(null);
                setOpened(null);
              }}
            >
              {t('stamp.file')}
            </Button>
          </Space>
        )
      }
      minHeight={420}
      widthRef={previewRef}
      fileError={fileError}
      errorTestId="stamp-file-error"
    >
      {opened && sealed ? (
        <PlaceablePage
          doc={sealed.doc}
          pageNumber={pageNumber}
          width={previewWidth}
          clickToPlace={false}
          ghost={null}
          placed={null}
          onPlace={null}
        />
      ) : opened ? (
        <PlaceablePage
          doc={opened.doc}
          pageNumber={pageNumber}
          width={previewWidth}
          clickToPlace={placementKind === 'page'}
          ghost={ghost}
          placed={placed}
          onPlace={setPlaced}
        />
      ) : (
        <PdfDropZone
          testId="stamp-file"
          accept="application/pdf,.pdf"
          text={t('stamp.file')}
          hint={t('stamp.fileHint')}
          onFile={(file) => void choose(file)}
        />
      )}
    </PreviewCard>
  );

  const noSeals = usable.load.status === 'ready' && seals.length === 0;

  const panel = (
    <Card title={<Typography.Text strong>{t('nav.stamp')}</Typography.Text>}>
      {usable.load.status === 'failed' && <LoadFailed error={usable.load.error} />}
      {noSeals && <Empty data-testid="stamp-no-seals" description={t('stamp.noSeals')} />}
      {usable.load.status !== 'failed' && !noSeals && (
        <Form<StampForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ placement: 'page', occurrence: 'first' }}
          onFinish={submit}
          onValuesChange={() => setSealed(null)}
        >
          <Form.Item name="sealId" label={t('stamp.seal')} rules={[required]}>
            <Select
              data-testid="stamp-seal"
              loading={usable.load.status === 'loading'}
              optionLabelProp="title"
              options={seals.map((u) => ({
                value: u.seal.id,
                title: u.seal.name,
                label: (
                  <Space>
                    <SealImage seal={u.seal} size={28} />
                    <span>{u.seal.name}</span>
                    <Typography.Text type="secondary">{t(`sealType.${u.seal.type}`)}</Typography.Text>
                  </Space>
                ),
              }))}
            />
          </Form.Item>
          {chosen && (
            <SealPreviewBox>
              <div data-testid="stamp-seal-preview">
                <SealImage seal={chosen.seal} size={96} />
              </div>
              <Typography.Text type="secondary">
                {t('grants.documentTypes')}:{' '}
                {chosen.documentTypes.length === 0
                  ? t('grants.anyType')
                  : allowedTypes.map((d) => t(`docType.${d}`)).join(locale.locale === 'zh-CN' ? '、' : ', ')}
              </Typography.Text>
            </SealPreviewBox>
          )}
          <Form.Item name="documentType" label={t('stamp.documentType')} rules={[required]}>
            <Select
              data-testid="stamp-document-type"
              options={allowedTypes.map((d) => ({ value: d, label: t(`docType.${d}`) }))}
            />
          </Form.Item>
          <PurposeField testId="stamp-purpose" max={500} placeholder={t('stamp.purposePlaceholder')} />
          <PlacementFields kind={placementKind} placed={placed} prefix="stamp" />
          <SubmitBlock
            prefix="stamp"
            error={error}
            submitting={submitting}
            disabled={!opened || (placementKind === 'page' && !placed)}
            label={t('stamp.submit')}
            noFileHint={opened ? null : t('stamp.noFile')}
          />
        </Form>
      )}
      {sealed && (
        <Result
          data-testid="stamp-result"
          // Sealed either way; amber when a validator may object, so the warning below is not missed.
          status={sealed.warnings.length > 0 ? 'warning' : 'success'}
          title={t('stamp.done')}
          style={{ padding: '24px 0 0' }}
          extra={
            <Space wrap style={{ justifyContent: 'center' }}>
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                href={sealed.url}
                download={sealed.name}
                data-testid="stamp-download"
              >
                {t('stamp.download')}
              </Button>
              <Button data-testid="stamp-again" onClick={stampAgain}>
                {t('stamp.again')}
              </Button>
            </Space>
          }
        >
          <SealWarningAlerts warnings={sealed.warnings} />
          <Descriptions
            column={1}
            size="small"
            layout="vertical"
            style={{ textAlign: 'left' }}
            items={[
              {
                key: 'sha',
                label: t('stamp.sha256'),
                children: (
                  <Typography.Text
                    code
                    copyable
                    data-testid="stamp-sha256"
                    style={{ wordBreak: 'break-all' }}
                  >
                    {sealed.sha256}
                  </Typography.Text>
                ),
              },
              {
                key: 'ledger',
                label: t('stamp.ledgerId'),
                children: (
                  <Typography.Text code copyable data-testid="stamp-ledger-id">
                    {sealed.ledgerId}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Result>
      )}
    </Card>
  );

  return <StampLayout preview={preview} panel={panel} />;
}
