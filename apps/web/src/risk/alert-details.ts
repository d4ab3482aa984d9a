import type { RiskAlert } from '@openseal/contract';
import type { LocaleValue } from '../i18n/locale-context.tsx';

type T = LocaleValue['t'];

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const short = (v: unknown): string => text(v).slice(0, 12);
const OFF_HOURS_REASONS = ['before-hours', 'after-hours', 'rest-day', 'holiday'] as const;
const QUOTA_EVENTS = ['last-use', 'exceeded-attempt'] as const;

function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return (list as readonly unknown[]).includes(v);
}

/**
 * What a rule saw, as a sentence a security admin reads (the alert's `details`, rule by rule).
 * `unitName` turns unit ids into names. Unknown shapes fall back to the raw JSON, never to nothing.
 */
export function alertDetailsText(
  alert: Pick<RiskAlert, 'rule' | 'details'>,
  t: T,
  unitName: (id: string) => string,
): string {
  const d = alert.details;
  let sentence: string | null = null;
  switch (alert.rule) {
    case 'sensitive-words':
      if (Array.isArray(d['words']))
        sentence = t('risk.details.sensitiveWords', { words: d['words'].join('、') });
      break;
    case 'quota':
      if (isOneOf(QUOTA_EVENTS, d['event'])) {
        sentence = t(`risk.details.quota.${d['event']}`, { maxUses: text(d['maxUses']) });
      }
      break;
    case 'off-hours':
      if (isOneOf(OFF_HOURS_REASONS, d['reason'])) {
        sentence = t(`risk.details.offHours.${d['reason']}`, {
          date: text(d['localDate']),
          time: text(d['localTime']),
          timezone: text(d['timezone']),
          holiday: text(d['holiday']),
        });
      }
      break;
    case 'burst':
      if (d['scope'] === 'user' || d['scope'] === 'seal') {
        sentence = t(`risk.details.burst.${d['scope']}`, {
          uses: text(d['uses']),
          limit: text(d['limit']),
          minutes: text(d['minutes']),
        });
      }
      break;
    case 'cross-unit':
      sentence = t('risk.details.crossUnit', {
        userUnit: unitName(text(d['userUnitId'])),
        sealUnit: unitName(text(d['sealOwnerUnitId'])),
      });
      break;
    case 'repeated-rejections':
      sentence = t('risk.details.repeatedRejections', {
        rejected: text(d['rejected']),
        limit: text(d['limit']),
        days: text(d['days']),
      });
      break;
    case 'certificate-expiry':
      sentence = t('risk.details.certificateExpiry', {
        serial: text(d['serial']),
        notAfter: text(d['notAfter']).slice(0, 10),
        daysLeft: text(d['daysLeft']),
      });
      break;
    case 'file-mismatch':
      sentence = t('risk.details.fileMismatch', {
        expected: short(d['approvedSha256']),
        got: short(d['stampingSha256']),
      });
      break;
  }
  if (sentence === null) return JSON.stringify(d);
  const stage = d['stage'];
  if (stage === 'approval' || stage === 'stamping') sentence += t(`risk.details.stage.${stage}`);
  if (d['action'] === 'block') sentence += t('risk.details.blocked');
  return sentence;
}
