import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { alertDetailsText } from './alert-details.ts';

const tr =
  (catalogue: Record<MessageKey, string>) =>
  (key: MessageKey, params?: Readonly<Record<string, string | number>>) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
const units = (id: string) => ({ u1: '计算机学院', u2: '教务处' })[id] ?? id;

describe('alert details in plain words', () => {
  it('says what each rule saw', () => {
    const zh = tr(zhCN);
    expect(
      alertDetailsText(
        {
          rule: 'off-hours',
          details: {
            reason: 'holiday',
            localDate: '2026-10-01',
            localTime: '10:00',
            timezone: 'Asia/Shanghai',
            holiday: '国庆节',
            stage: 'stamping',
          },
        },
        zh,
        units,
      ),
    ).toBe('2026-10-01 10:00（Asia/Shanghai）用印，当天是节假日：国庆节（盖章时）');
    expect(
      alertDetailsText(
        { rule: 'cross-unit', details: { userUnitId: 'u1', sealOwnerUnitId: 'u2', action: 'block' } },
        zh,
        units,
      ),
    ).toBe('用印人所在单位（计算机学院）不在印章所属单位（教务处）之下，已拦截');
    expect(
      alertDetailsText(
        { rule: 'sensitive-words', details: { words: ['机密', '绝密'], stage: 'approval' } },
        tr(en),
        units,
      ),
    ).toBe('The document contains sensitive words: 机密、绝密 (at approval)');
    expect(alertDetailsText({ rule: 'quota', details: { event: 'last-use', maxUses: 5 } }, zh, units)).toBe(
      '用掉了授权的最后一次（共 5 次）',
    );
  });

  it('falls back to the raw details for a shape it does not know', () => {
    expect(alertDetailsText({ rule: 'burst', details: { scope: 'org' } }, tr(zhCN), units)).toBe(
      '{"scope":"org"}',
    );
  });
});
