import { DownloadOutlined } from '@ant-design/icons';
import { type PublicCredentialView, routes } from '@openseal/contract';
import { Alert, Button, Collapse, Descriptions, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { CodeForm } from '../credentials-portal/code-form.tsx';
import { formatCode, normalizeCode } from '../credentials-portal/credential-code.ts';
import {
  fetchPublicCredential,
  fetchPublicCredentialPdf,
  publicLookupProblem,
} from '../credentials-portal/public-credential.ts';
import { PublicFrame } from '../credentials-portal/public-frame.tsx';
import { PublicCredentialVerdict, PublicVerdict } from '../credentials-portal/public-verdict.tsx';
import { saveBytes } from '../credentials-portal/save-bytes.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { PdfPages } from '../stamp/pdf-pages.tsx';
import { VerificationView } from '../verify/verification-view.tsx';

type Lookup =
  | { status: 'loading' }
  | { status: 'ready'; view: PublicCredentialView }
  | { status: 'failed'; error: unknown };

type Original =
  | { status: 'loading' }
  | { status: 'ready'; bytes: Uint8Array }
  | { status: 'failed'; error: unknown };

/**
 * 扫码查验 (/v/:publicId?c=CODE): public, no session, phone first. Whoever holds a paper credential
 * scans its QR code (or types its number and code) and reads whether the archive holds it as
 * issued and still valid, what the original says, and the original itself, page by page, to hold
 * against the paper.
 */
export function CredentialViewPage() {
  const { t } = useLocale();
  const { publicId: rawId = '' } = useParams();
  const [search] = useSearchParams();
  const publicId = normalizeCode(rawId);
  const code = normalizeCode(search.get('c') ?? '');

  return (
    <PublicFrame testId="credential-view">
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="credential-view-title">
        {t('credential.view.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('credential.view.number', { publicId })}
      </Typography.Paragraph>
      {code ? (
        <CredentialLookup key={`${publicId}/${code}`} publicId={publicId} code={code} />
      ) : (
        <>
          <Typography.Paragraph data-testid="credential-ask-code">
            {t('credential.view.askCode')}
          </Typography.Paragraph>
          <CodeForm publicId={publicId} />
        </>
      )}
    </PublicFrame>
  );
}

function CredentialLookup({ publicId, code }: { publicId: string; code: string }) {
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const [lookup, setLookup] = useState<Lookup>({ status: 'loading' });
  const [original, setOriginal] = useState<Original>({ status: 'loading' });
  const school = useApiGet(routes.getSchool);

  useEffect(() => {
    let live = true;
    fetchPublicCredential(publicId, code).then(
      (view) => {
        if (!live) return;
        setLookup({ status: 'ready', view });
        // The original is fetched once the archive confirmed the number and the code.
        fetchPublicCredentialPdf(publicId, code).then(
          (bytes) => live && setOriginal({ status: 'ready', bytes }),
          (error: unknown) => live && setOriginal({ status: 'failed', error }),
        );
      },
      (error: unknown) => live && setLookup({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [publicId, code]);

  if (lookup.status === 'loading')
    return (
      <div style={{ textAlign: 'center', padding: 32 }} data-testid="credential-loading">
        <Spin />
      </div>
    );

  if (lookup.status === 'failed') {
    const problem = publicLookupProblem(lookup.error);
    if (problem === 'too-many')
      return (
        <Alert
          type="warning"
          showIcon
          data-testid="credential-too-many"
          message={t('credential.view.tooMany')}
          description={t('credential.view.tooManyHint')}
        />
      );
    if (problem === 'not-found')
      return (
        <>
          <PublicVerdict
            kind="not-found"
            title={t('credential.view.notFound')}
            detail={t('credential.view.notFoundDetail', { code: formatCode(code) })}
          />
          <Typography.Paragraph style={{ marginTop: 16 }}>
            {t('credential.view.tryAgain')}
          </Typography.Paragraph>
          <CodeForm publicId={publicId} />
        </>
      );
    return (
      <Alert
        type="error"
        showIcon
        data-testid="credential-error"
        message={t('page.loadFailed')}
        description={errorText(lookup.error, locale)}
      />
    );
  }

  const { view } = lookup;
  const name = locale.locale === 'zh-CN' ? view.typeName.zh : view.typeName.en;
  // The archive names the school as its certificates do, in Chinese; an English reader gets its English name.
  const schoolName = (institution: string) =>
    school.load.status === 'ready' && locale.locale === 'en' && institution === school.load.data.nameZh
      ? school.load.data.nameEn
      : institution;
  return (
    <div data-testid="credential-result">
      <PublicCredentialVerdict view={view} />

      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('credential.view.whatItSays')}
      </Typography.Title>
      <Descriptions
        column={1}
        size="small"
        bordered
        data-testid="credential-facts"
        items={[
          {
            key: 'type',
            label: t('credential.type'),
            children: <span data-testid="credential-type">{name}</span>,
          },
          {
            key: 'holder',
            label: t('credential.holder'),
            children: <span data-testid="credential-holder">{view.subjectName}</span>,
          },
          {
            key: 'institution',
            label: t('credential.institution'),
            children: <span data-testid="credential-institution">{schoolName(view.institution)}</span>,
          },
          {
            key: 'seals',
            label: t('credential.seals'),
            children: (
              <span data-testid="credential-seals">
                {view.sealNames.join(locale.locale === 'zh-CN' ? '、' : ', ')}
              </span>
            ),
          },
          {
            key: 'issued',
            label: t('credential.issuedAt'),
            children: when(view.issuedAt),
          },
          { key: 'number', label: t('credential.publicId'), children: view.publicId },
          { key: 'pages', label: t('credential.pages'), children: view.pageCount },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('credential.view.original')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('credential.view.originalHint')}</Typography.Paragraph>
      {original.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          message={t('page.loadFailed')}
          description={errorText(original.error, locale)}
        />
      ) : (
        <>
          <PdfPages
            bytes={original.status === 'ready' ? original.bytes : null}
            testId="credential-original"
          />
          <Button
            block
            icon={<DownloadOutlined />}
            disabled={original.status !== 'ready'}
            data-testid="credential-original-download"
            onClick={() => original.status === 'ready' && saveBytes(original.bytes, `${view.publicId}.pdf`)}
          >
            {t('credential.view.downloadOriginal')}
          </Button>
        </>
      )}

      <Collapse
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'expert',
            label: t('credential.view.expert'),
            children: <VerificationView result={view.verification} fileName={`${view.publicId}.pdf`} />,
          },
        ]}
      />
    </div>
  );
}
