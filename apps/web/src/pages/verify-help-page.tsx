import type { VerificationVerdict } from '@openseal/contract';
import { Descriptions, Typography } from 'antd';
import { PublicFrame } from '../credentials-portal/public-frame.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

/** Every verdict the verifier gives, the one to rely on first (contract VerificationVerdict). */
const VERDICTS: readonly VerificationVerdict[] = [
  'authentic',
  'timestamped',
  'revoked',
  'modified',
  'invalid',
  'untrusted',
  'indeterminate',
  'unsigned',
];

/** 帮助 (/help/verify): public, no session; what each verification result means, in plain words. */
export function VerifyHelpPage() {
  const { t } = useLocale();
  return (
    <PublicFrame testId="verify-help" help={false}>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="verify-help-title">
        {t('help.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('help.intro')}</Typography.Paragraph>
      <Descriptions
        column={1}
        size="small"
        bordered
        data-testid="verify-help-verdicts"
        items={VERDICTS.map((v) => ({
          key: v,
          label: <span data-verdict={v}>{t(`help.verdict.${v}`)}</span>,
          children: t(`help.verdict.${v}.text`),
        }))}
      />
      {/* The frame's own link leads back to /verify. */}
      <Typography.Paragraph style={{ marginTop: 16 }}>{t('help.paper')}</Typography.Paragraph>
    </PublicFrame>
  );
}
