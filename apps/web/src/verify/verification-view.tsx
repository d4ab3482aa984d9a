import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { routes, type VerificationResult, type VerifiedSignature } from '@openseal/contract';
import { Collapse, Descriptions, type DescriptionsProps } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { ArchivedStatus } from '../credentials-portal/archived-status.tsx';
import { type LocaleValue, useLocale } from '../i18n/locale-context.tsx';
import { TechnicalDetails } from './technical-details.tsx';
import { VerdictBox } from './verdict-box.tsx';

type DescriptionsItemType = NonNullable<DescriptionsProps['items']>[number];

const GREEN = '#389e0d';
const RED = '#cf1322';

/** The verdict of one uploaded file: big and plain first, the expert report folded away. */
export function VerificationView({ result, fileName }: { result: VerificationResult; fileName: string }) {
  const { t, locale } = useLocale();
  const schoolTime = useSchoolTime();
  const ok = result.verdict === 'authentic';
  const colour = ok ? GREEN : RED;
  const seals = result.signatures.filter((s) => s.kind === 'signature');
  // Our seals name the school in Chinese (the certificate's O); an English reader gets its English name.
  const school = useApiGet(routes.getSchool);
  const institution = (name: string | null) =>
    school.load.status === 'ready' && locale === 'en' && name === school.load.data.nameZh
      ? school.load.data.nameEn
      : name;
  return (
    <div data-testid="verify-result" data-verdict={result.verdict}>
      <VerdictBox
        colour={colour}
        background={ok ? '#f6ffed' : '#fff1f0'}
        icon={
          ok ? (
            <CheckCircleFilled style={{ fontSize: 40, color: colour }} />
          ) : (
            <CloseCircleFilled style={{ fontSize: 40, color: colour }} />
          )
        }
        title={
          ok
            ? t('verify.verdict.authentic')
            : result.verdict === 'revoked'
              ? t('credential.verdict.revoked')
              : result.verdict === 'timestamped'
                ? t('verify.verdict.timestamped')
                : t('verify.verdict.failed')
        }
        detail={locale === 'zh-CN' ? result.summary.zh : result.summary.en}
        titleTestId="verify-verdict"
        detailTestId="verify-summary"
      />

      {result.credential && <ArchivedStatus credential={result.credential} />}

      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginTop: 16 }}
        data-testid="verify-facts"
        items={[
          {
            key: 'file',
            label: t('verify.file'),
            children: <span style={{ wordBreak: 'break-all' }}>{fileName}</span>,
          },
          ...seals.flatMap((s, i) =>
            sealFacts({ ...s, institution: institution(s.institution) }, i, t, schoolTime),
          ),
          {
            key: 'ledger',
            label: t('verify.issued'),
            children: (
              <span data-testid="verify-ledger" data-in-ledger={String(result.inLedger)}>
                {t(result.inLedger ? 'verify.inLedger' : 'verify.notInLedger')}
              </span>
            ),
          },
        ]}
      />

      <Collapse
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'details',
            label: t('verify.details'),
            children: <TechnicalDetails result={result} />,
          },
        ]}
      />
    </div>
  );
}

/** A person's signature (verified, under our root): who, under which kind of certificate, when. */
function personFacts(
  s: VerifiedSignature,
  i: number,
  t: LocaleValue['t'],
  when: string,
): DescriptionsItemType[] {
  return [
    {
      key: `by-${i}`,
      label: t('verify.signedByPerson'),
      children: (
        <span data-testid="verify-person">{`${s.signer ?? '—'}${s.institution ? ` (${s.institution})` : ''}`}</span>
      ),
    },
    {
      key: `kind-${i}`,
      label: t('verify.certificateKind'),
      children: (
        <span data-testid="verify-certificate-kind">
          {t(s.signerKind === 'event' ? 'verify.kind.event' : 'verify.kind.person')}
        </span>
      ),
    },
    {
      key: `at-${i}`,
      label: t('verify.personSignedAt'),
      children: `${when}${s.signedAt ? t(s.timestamped ? 'verify.timestamped' : 'verify.claimedTime') : ''}`,
    },
  ];
}

/** Who sealed, with which of our seals, and when: one group of rows per seal in the file. */
function sealFacts(
  s: VerifiedSignature,
  i: number,
  t: LocaleValue['t'],
  schoolTime: (at: string) => string,
): DescriptionsItemType[] {
  const when = s.signedAt ? schoolTime(s.signedAt) : '—';
  // A broken signature proves nothing about who made it: its certificate's words are shown as a claim.
  const claim = s.signatureValid ? '' : t('verify.unproven');
  if (s.signerKind === 'person' || s.signerKind === 'event') return personFacts(s, i, t, when);
  const rows: DescriptionsItemType[] = [
    { key: `by-${i}`, label: t('verify.sealedBy'), children: `${s.institution ?? s.signer ?? '—'}${claim}` },
    {
      key: `seal-${i}`,
      label: t('verify.sealName'),
      children: (
        <span data-testid="verify-seal-name">
          {s.sealName ?? t(s.signatureValid ? 'verify.notOurSeal' : 'verify.sealUnconfirmed')}
        </span>
      ),
    },
  ];
  if (s.signer && s.signer !== s.sealName && s.signer !== s.institution)
    rows.push({ key: `cert-${i}`, label: t('verify.signer'), children: s.signer });
  rows.push({
    key: `at-${i}`,
    label: t('verify.signedAt'),
    children: (
      <span data-testid="verify-signed-at">
        {when}
        {s.signedAt && t(s.timestamped ? 'verify.timestamped' : 'verify.claimedTime')}
      </span>
    ),
  });
  return rows;
}
