import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, StopFilled } from '@ant-design/icons';
import type { PublicCredentialView } from '@openseal/contract';
import type { ReactNode } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { VerdictBox } from '../verify/verdict-box.tsx';

/** The one thing the reader of a paper credential wants to know, derived in one place. */
export type PublicVerdictKind = 'current' | 'revoked' | 'unconfirmed' | 'not-found';

export function publicVerdictOf(view: PublicCredentialView): PublicVerdictKind {
  if (view.status === 'revoked') return 'revoked';
  // The archive holds it and nobody revoked it, but its seals must check out too.
  return view.verification.verdict === 'authentic' ? 'current' : 'unconfirmed';
}

const LOOK: Readonly<Record<PublicVerdictKind, { colour: string; background: string; icon: ReactNode }>> = {
  current: { colour: '#389e0d', background: '#f6ffed', icon: <CheckCircleFilled /> },
  revoked: { colour: '#cf1322', background: '#fff1f0', icon: <StopFilled /> },
  unconfirmed: { colour: '#d46b08', background: '#fff7e6', icon: <ExclamationCircleFilled /> },
  'not-found': { colour: '#cf1322', background: '#fff1f0', icon: <CloseCircleFilled /> },
};

/** A big, plain verdict: a coloured box with an icon, a title and one or two sentences. */
export function PublicVerdict({
  kind,
  title,
  detail,
}: {
  kind: PublicVerdictKind;
  title: string;
  detail: ReactNode;
}) {
  const look = LOOK[kind];
  return (
    <VerdictBox
      data-testid="credential-verdict"
      data-verdict={kind}
      colour={look.colour}
      background={look.background}
      icon={<span style={{ fontSize: 44, color: look.colour, lineHeight: 1 }}>{look.icon}</span>}
      title={title}
      detail={detail}
      titleTestId="credential-verdict-title"
      detailTestId="credential-verdict-detail"
    />
  );
}

/** The verdict of a credential the archive answered for. */
export function PublicCredentialVerdict({ view }: { view: PublicCredentialView }) {
  const { t, locale } = useLocale();
  const when = useSchoolTime();
  const kind = publicVerdictOf(view);
  if (kind === 'revoked')
    return (
      <PublicVerdict
        kind={kind}
        title={t('credential.view.revoked')}
        detail={t('credential.view.revokedDetail', {
          at: view.revokedAt ? when(view.revokedAt) : '—',
          reason: view.revokeReason ?? '—',
        })}
      />
    );
  if (kind === 'current')
    return (
      <PublicVerdict
        kind={kind}
        title={t('credential.view.current')}
        detail={t('credential.view.currentDetail')}
      />
    );
  return (
    <PublicVerdict
      kind={kind}
      title={t('credential.view.unconfirmed')}
      detail={locale === 'zh-CN' ? view.verification.summary.zh : view.verification.summary.en}
    />
  );
}
