import { describe, expect, it } from 'vitest';
import { burstFindings, windowStart } from './burst.ts';
import { certificateExpiryFinding } from './certificate-expiry.ts';
import { crossUnitFinding, isCrossUnit } from './cross-unit.ts';
import { fileMismatchFinding } from './file-mismatch.ts';
import { type CalendarDay, localTime, offHoursFinding, offHoursReason } from './off-hours.ts';
import { quotaFinding } from './quota.ts';
import { repeatedRejectionsFinding } from './repeated-rejections.ts';
import { DEFAULT_RISK_RULES, type RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';
import { riskBlockedError, riskBlocks } from './risk-finding.ts';
import { matchSensitiveWords, sensitiveWordsFinding } from './sensitive-words.ts';

const config = <K extends keyof typeof DEFAULT_RISK_RULES>(id: K, over: Partial<RiskRuleConfig<K>> = {}) =>
  ({ ...DEFAULT_RISK_RULES[id], updatedAt: null, ...over }) as RiskRuleConfig<K>;

describe('sensitive words', () => {
  it('matches Latin words whatever their case, Chinese as written', () => {
    expect(matchSensitiveWords('This is TOP-Secret material', ['top-secret'])).toEqual(['top-secret']);
    expect(matchSensitiveWords('本文件为内部资料', ['内部资料', '绝密'])).toEqual(['内部资料']);
    expect(matchSensitiveWords('本文件为内部资料', ['內部資料'])).toEqual([]);
  });

  it('finds a word split over lines or text items by whitespace', () => {
    expect(matchSensitiveWords('成绩单 内部\n资料 请勿外传', ['内部资料'])).toEqual(['内部资料']);
    expect(matchSensitiveWords('con\nfidential', ['Confidential'])).toEqual(['Confidential']);
    expect(matchSensitiveWords('内部 的资料', ['内部资料'])).toEqual([]);
  });

  it('fires once per stage with every word found, and not without text or words', () => {
    const c = config('sensitive-words');
    expect(sensitiveWordsFinding(c, '绝密与机密', ['机密', '绝密', '秘密'], 'approval')).toEqual({
      rule: 'sensitive-words',
      action: 'alert',
      severity: 'high',
      details: { words: ['机密', '绝密'], stage: 'approval' },
    });
    expect(sensitiveWordsFinding(c, null, ['机密'], 'stamping')).toBeNull();
    expect(sensitiveWordsFinding(c, '机密', [], 'stamping')).toBeNull();
    expect(sensitiveWordsFinding({ ...c, enabled: false }, '机密', ['机密'], 'stamping')).toBeNull();
    expect(sensitiveWordsFinding({ ...c, action: 'block' }, '机密', ['机密'], 'stamping')?.action).toBe(
      'block',
    );
  });
});

describe('off-hours', () => {
  const c = config('off-hours');
  const params = c.params;
  // Asia/Shanghai is UTC+8 all year: 08:00 local is 00:00Z.
  const at = (iso: string) => localTime(new Date(iso), 'Asia/Shanghai');
  const none: CalendarDay | null = null;

  it('reads the local date, weekday and time in the rule time zone, midnight as 00', () => {
    expect(at('2026-09-01T16:00:00.000Z')).toEqual({
      date: '2026-09-02',
      weekday: 3,
      minutes: 0,
      time: '00:00:00',
    });
    expect(at('2026-09-01T15:59:59.999Z')).toMatchObject({ date: '2026-09-01', weekday: 2, minutes: 1439 });
    expect(localTime(new Date('2026-09-01T16:00:00Z'), 'UTC')).toMatchObject({
      date: '2026-09-01',
      minutes: 960,
    });
  });

  it('keeps the working day from 08:00 inclusive to 18:00 exclusive', () => {
    // Tuesday 2026-09-01 in Shanghai.
    expect(offHoursReason(params, at('2026-08-31T23:59:59.999Z'), none)).toBe('before-hours'); // 07:59:59.999
    expect(offHoursReason(params, at('2026-09-01T00:00:00.000Z'), none)).toBeNull(); // 08:00
    expect(offHoursReason(params, at('2026-09-01T09:59:59.999Z'), none)).toBeNull(); // 17:59:59.999
    expect(offHoursReason(params, at('2026-09-01T10:00:00.000Z'), none)).toBe('after-hours'); // 18:00
    expect(offHoursReason(params, at('2026-09-01T16:00:00.000Z'), none)).toBe('before-hours'); // midnight
    expect(offHoursReason(params, at('2026-09-01T15:59:00.000Z'), none)).toBe('after-hours'); // 23:59
  });

  it('treats weekends as rest days, holidays as off all day, make-up Saturdays (调休) as workdays', () => {
    // Saturday 2026-09-05, 10:00 local.
    expect(offHoursReason(params, at('2026-09-05T02:00:00Z'), none)).toBe('rest-day');
    // Thursday 2026-10-01, 国庆节, 10:00 local.
    const national = { name: '国庆节', workday: false };
    expect(offHoursReason(params, at('2026-10-01T02:00:00Z'), national)).toBe('holiday');
    const makeUp = { name: '国庆节调休', workday: true };
    expect(offHoursReason(params, at('2026-09-05T02:00:00Z'), makeUp)).toBeNull();
    // A make-up workday keeps the working hours.
    expect(offHoursReason(params, at('2026-09-05T10:00:00Z'), makeUp)).toBe('after-hours');
    expect(offHoursFinding(c, at('2026-10-01T02:00:00Z'), national)).toEqual({
      rule: 'off-hours',
      action: 'alert',
      severity: 'medium',
      details: {
        reason: 'holiday',
        holiday: '国庆节',
        localDate: '2026-10-01',
        localTime: '10:00:00',
        timezone: 'Asia/Shanghai',
      },
    });
  });

  it('follows the configured time zone, workdays and hours', () => {
    const custom = { timezone: 'Europe/London', workdays: [1, 2, 3, 4, 5, 6], start: '09:30', end: '17:00' };
    const london = (iso: string) => localTime(new Date(iso), 'Europe/London');
    // 2026-09-05 is a Saturday; London is UTC+1 in September.
    expect(offHoursReason(custom, london('2026-09-05T08:30:00Z'), none)).toBeNull();
    expect(offHoursReason(custom, london('2026-09-05T08:29:59Z'), none)).toBe('before-hours');
    expect(offHoursReason(custom, london('2026-09-06T10:00:00Z'), none)).toBe('rest-day');
    expect(offHoursFinding({ ...c, enabled: false }, at('2026-09-05T02:00:00Z'), none)).toBeNull();
  });
});

describe('burst', () => {
  const c = config('burst', {
    params: { perUser: { count: 5, minutes: 10 }, perSeal: { count: 8, minutes: 60 } },
  });

  it('fires on the N-th use inside the window, the current use included', () => {
    expect(burstFindings(c, { byUser: 3, bySeal: 0 })).toEqual([]);
    expect(burstFindings(c, { byUser: 4, bySeal: 0 })).toEqual([
      {
        rule: 'burst',
        action: 'alert',
        severity: 'medium',
        details: { scope: 'user', uses: 5, limit: 5, minutes: 10 },
      },
    ]);
    expect(burstFindings(c, { byUser: 0, bySeal: 6 })).toEqual([]);
    expect(burstFindings(c, { byUser: 9, bySeal: 7 }).map((f) => f.details['scope'])).toEqual([
      'user',
      'seal',
    ]);
    expect(burstFindings({ ...c, enabled: false }, { byUser: 9, bySeal: 9 })).toEqual([]);
  });

  it('looks back over (now - minutes, now]', () => {
    expect(windowStart(new Date('2026-09-01T08:10:00.000Z'), 10)).toBe('2026-09-01T08:00:00.000Z');
  });
});

describe('cross-unit', () => {
  it('passes the owner unit and units below it, fires elsewhere', () => {
    expect(isCrossUnit('/root/aa/', '/root/aa/')).toBe(false);
    expect(isCrossUnit('/root/aa/sub/', '/root/aa/')).toBe(false);
    expect(isCrossUnit('/root/', '/root/aa/')).toBe(true);
    expect(isCrossUnit('/root/cs/', '/root/aa/')).toBe(true);
    // A sibling whose id merely starts with the owner's id is not below it.
    expect(isCrossUnit('/root/aa2/', '/root/aa')).toBe(true);
    const c = config('cross-unit');
    expect(
      crossUnitFinding(c, { unitId: 'cs', path: '/root/cs/' }, { unitId: 'aa', path: '/root/aa/' }),
    ).toEqual({
      rule: 'cross-unit',
      action: 'alert',
      severity: 'medium',
      details: { userUnitId: 'cs', sealOwnerUnitId: 'aa' },
    });
  });
});

describe('quota', () => {
  const c = config('quota');
  it('alerts on an attempt past the quota and warns on the last use', () => {
    expect(quotaFinding(c, { kind: 'refused' })).toMatchObject({
      severity: 'medium',
      details: { event: 'exceeded-attempt' },
    });
    expect(quotaFinding(c, { kind: 'counted', usesAfter: 3, maxUses: 3 })).toMatchObject({
      severity: 'low',
      details: { event: 'last-use', maxUses: 3 },
    });
    expect(quotaFinding(c, { kind: 'counted', usesAfter: 2, maxUses: 3 })).toBeNull();
    expect(quotaFinding(c, { kind: 'counted', usesAfter: 50, maxUses: null })).toBeNull();
    expect(
      quotaFinding({ ...c, params: { warnLastUse: false } }, { kind: 'counted', usesAfter: 3, maxUses: 3 }),
    ).toBeNull();
  });
});

describe('repeated rejections', () => {
  it('fires from K rejections', () => {
    const c = config('repeated-rejections', { params: { count: 3, days: 7 } });
    expect(repeatedRejectionsFinding(c, 2)).toBeNull();
    expect(repeatedRejectionsFinding(c, 3)).toMatchObject({ details: { rejected: 3, limit: 3, days: 7 } });
  });
});

describe('certificate expiry', () => {
  const c = config('certificate-expiry');
  const now = new Date('2026-09-01T00:00:00Z');
  const seal = (notAfter: string) => ({ id: 's1', serialHex: 'abc', notAfter: new Date(notAfter) });
  it('fires within D days, high within a week, once per seal and certificate', () => {
    expect(certificateExpiryFinding(c, seal('2026-10-01T00:00:01Z'), now)).toBeNull();
    expect(certificateExpiryFinding(c, seal('2026-10-01T00:00:00Z'), now)).toMatchObject({
      severity: 'medium',
      details: { daysLeft: 30 },
      dedupeKey: 's1:abc',
    });
    expect(certificateExpiryFinding(c, seal('2026-09-08T00:00:00Z'), now)?.severity).toBe('high');
    expect(certificateExpiryFinding(c, seal('2026-08-01T00:00:00Z'), now)?.details['daysLeft']).toBe(0);
  });
});

describe('file mismatch and blocking', () => {
  it('blocks a stamped file that is not the approved one, by default', () => {
    const c = config('file-mismatch');
    const a = 'a'.repeat(64);
    expect(fileMismatchFinding(c, a, a.toUpperCase())).toBeNull();
    const f = fileMismatchFinding(c, a, 'b'.repeat(64)) as RiskFinding;
    expect(f).toMatchObject({ rule: 'file-mismatch', action: 'block', severity: 'high' });
    const alertOnly: RiskFinding = { rule: 'burst', action: 'alert', severity: 'low', details: {} };
    expect(riskBlocks([alertOnly, f])).toEqual([f]);
    const err = riskBlockedError([f, f]);
    expect(err.code).toBe('ERR_RISK_BLOCKED');
    expect(err.status).toBe(409);
    expect(err.details).toEqual(['file-mismatch']);
  });
});
