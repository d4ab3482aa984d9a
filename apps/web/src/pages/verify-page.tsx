import { InboxOutlined } from '@ant-design/icons';
import { routes, type VerificationResult } from '@openseal/contract';
import { Alert, Button, Card, Divider, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../api/error-text.ts';
import { CodeForm } from '../credentials-portal/code-form.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { HelpLink } from '../verify/help-link.tsx';
import { VerificationView } from '../verify/verification-view.tsx';
import { looksLikePdf, verifyDocument } from '../verify/verify-document.ts';

type State =
  | { step: 'pick' }
  | { step: 'checking'; fileName: string }
  | { step: 'done'; fileName: string; result: VerificationResult }
  | { step: 'failed'; fileName: string; reason: string };

/**
 * 验真: public, no session. Anyone drops or picks a PDF and reads the verdict in plain words; the
 * validation report is folded away for experts. Laid out for a phone first.
 */
export function VerifyPage() {
  const locale = useLocale();
  const { t } = locale;
  const [state, setState] = useState<State>({ step: 'pick' });

  async function check(file: File) {
    if (!looksLikePdf(file))
      return setState({ step: 'failed', fileName: file.name, reason: t('verify.notPdf') });
    // Larger files than the route accepts are refused before they are sent.
    if (file.size > routes.verifyDocument.upload.maxBytes)
      return setState({ step: 'failed', fileName: file.name, reason: t('verify.tooLarge') });
    setState({ step: 'checking', fileName: file.name });
    try {
      setState({ step: 'done', fileName: file.name, result: await verifyDocument(file) });
    } catch (e) {
      setState({ step: 'failed', fileName: file.name, reason: errorText(e, locale) });
    }
  }

  const picker = (
    <Upload.Dragger
      accept=".pdf,application/pdf"
      multiple={false}
      showUploadList={false}
      disabled={state.step === 'checking'}
      beforeUpload={(file) => {
        void check(file);
        // The file is sent by check(), not by antd's uploader.
        return false;
      }}
    >
      <div data-testid="verify-drop" style={{ padding: '8px 12px' }}>
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('verify.drop')}</p>
        <p className="ant-upload-hint">{t('verify.dropHint')}</p>
      </div>
    </Upload.Dragger>
  );

  return (
    <div
      style={{
        minHeight: '100vh',
        background: '#f0f2f5',
        padding: '16px 12px',
        boxSizing: 'border-box',
        display: 'flex',
        justifyContent: 'center',
      }}
    >
      <Card
        style={{ width: '100%', maxWidth: 760, alignSelf: 'flex-start' }}
        title={t('app.shortTitle')}
        extra={<LanguageSwitch />}
        data-testid="verify-page"
      >
        <Typography.Title level={3} data-testid="verify-title" style={{ marginTop: 0 }}>
          {t('verify.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>

        {state.step === 'pick' && (
          <>
            {picker}
            {/* A paper credential: its number and code lead to the archived original. */}
            <Divider data-testid="verify-code-divider">{t('credential.code.or')}</Divider>
            <Typography.Paragraph type="secondary">{t('credential.code.intro')}</Typography.Paragraph>
            <CodeForm />
          </>
        )}
        {state.step === 'checking' && (
          <div style={{ textAlign: 'center', padding: 32 }} data-testid="verify-checking">
            <Spin />
            <Typography.Paragraph style={{ marginTop: 12 }}>{t('verify.checking')}</Typography.Paragraph>
          </div>
        )}
        {state.step === 'failed' && (
          <Alert
            data-testid="verify-error"
            type="error"
            showIcon
            message={t('verify.failed')}
            description={
              <>
                <div style={{ wordBreak: 'break-all' }}>{state.fileName}</div>
                <div>{state.reason}</div>
              </>
            }
          />
        )}
        {state.step === 'done' && <VerificationView result={state.result} fileName={state.fileName} />}
        {(state.step === 'done' || state.step === 'failed') && (
          <Button
            type="primary"
            block
            style={{ marginTop: 16 }}
            data-testid="verify-again"
            onClick={() => setState({ step: 'pick' })}
          >
            {t('verify.again')}
          </Button>
        )}
        <Space direction="vertical" size={4} style={{ marginTop: 24, width: '100%', alignItems: 'center' }}>
          <HelpLink />
          <Link to="/login">{t('verify.backToLogin')}</Link>
        </Space>
      </Card>
    </div>
  );
}
