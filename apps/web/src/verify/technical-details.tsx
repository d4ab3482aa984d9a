import type { VerificationDetailsSignature, VerificationResult } from '@openseal/contract';
import { Descriptions, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { type LocaleValue, useLocale } from '../i18n/locale-context.tsx';

/**
 * The validation report as a table a reader can follow (signer, issuer, algorithm, time, level,
 * revocation, one group per seal or timestamp); the raw JSON only behind a switch, for experts.
 */
export function TechnicalDetails({ result }: { result: VerificationResult }) {
  const locale = useLocale();
  const { t } = locale;
  const schoolTime = useSchoolTime();
  const [raw, setRaw] = useState(false);
  const signatures = result.details.signatures;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="verify-tech">
      {signatures.length === 0 && <Typography.Text>{t('verify.tech.none')}</Typography.Text>}
      {signatures.map((s, i) => (
        <Descriptions
          key={s.index}
          data-testid="verify-tech-signature"
          title={t(s.kind === 'signature' ? 'verify.tech.title' : 'verify.tech.timestampTitle', { n: i + 1 })}
          column={1}
          size="small"
          bordered
          items={rows(s, result.signatures[i]?.signatureValid ?? false, locale, schoolTime)}
        />
      ))}
      <Space>
        <Switch size="small" checked={raw} onChange={setRaw} data-testid="verify-raw-toggle" />
        <Typography.Text>{t('verify.tech.raw')}</Typography.Text>
      </Space>
      {raw && (
        <pre
          data-testid="verify-details"
          style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {JSON.stringify({ sha256: result.sha256, sm3: result.sm3, ...result.details }, null, 2)}
        </pre>
      )}
    </Space>
  );
}

function rows(
  s: VerificationDetailsSignature,
  signatureValid: boolean,
  { t, locale }: LocaleValue,
  when: (at: string) => string,
) {
  const time = s.signingTime
    ? `${when(s.signingTime.time)}${t(s.signingTime.source === 'claimed' ? 'verify.tech.time.claimed' : 'verify.tech.time.timestamp')}`
    : '—';
  const revocation = [
    t(`verify.tech.revocation.${revocationStatus(s.revocation.status)}`),
    s.revocation.revokedAt && t('verify.tech.revocation.at', { at: when(s.revocation.revokedAt) }),
    s.revocation.reason && t('verify.tech.revocation.reason', { reason: s.revocation.reason }),
    s.revocation.detail,
  ]
    .filter(Boolean)
    .join(locale === 'zh-CN' ? '；' : '; ');
  return [
    {
      key: 'signer',
      label: t('verify.tech.signer'),
      children: <Breakable text={s.signer?.subject ?? '—'} />,
    },
    // The chain runs from the signer up: the next certificate is the one that issued it.
    {
      key: 'issuer',
      label: t('verify.tech.issuer'),
      children: <Breakable text={s.chain[1]?.subject ?? '—'} />,
    },
    { key: 'algorithm', label: t('verify.tech.algorithm'), children: s.algorithm ?? '—' },
    { key: 'time', label: t('verify.tech.time'), children: time },
    {
      key: 'level',
      label: t('verify.tech.level'),
      children: s.pades.conformant && s.pades.level ? s.pades.level : t('verify.tech.level.none'),
    },
    {
      key: 'revocation',
      label: t('verify.tech.revocation'),
      children: <span data-testid="verify-tech-revocation">{revocation}</span>,
    },
    {
      key: 'integrity',
      label: t('verify.tech.integrity'),
      children: t(signatureValid ? 'verify.tech.integrity.ok' : 'verify.tech.integrity.bad'),
    },
    {
      key: 'coverage',
      label: t('verify.tech.coverage'),
      children: t(
        s.coverage === 'entire-file' ? 'verify.tech.coverage.whole' : 'verify.tech.coverage.partial',
      ),
    },
  ];
}

type RevocationWord = 'good' | 'revoked' | 'unknown' | 'not-checked';
const revocationStatus = (status: string): RevocationWord =>
  status === 'good' || status === 'revoked' || status === 'unknown' ? status : 'not-checked';

const Breakable = ({ text }: { text: string }) => <span style={{ wordBreak: 'break-all' }}>{text}</span>;
