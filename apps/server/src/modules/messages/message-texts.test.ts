import { describe, expect, it } from 'vitest';
import { composeMessage, type MessageFacts } from './message-texts.ts';

const BASE = 'https://seal.demo.edu.cn/console/';

describe('message texts', () => {
  const waiting: MessageFacts = {
    kind: 'approval.waiting',
    path: '/requests/r-1',
    title: '合作协议用印',
    requester: '业务经办人',
    reason: 'overdue',
  };

  it('says what happened and links the console page, in zh and en', () => {
    const zh = composeMessage(waiting, 'zh', BASE);
    expect(zh).toEqual({
      kind: 'approval.waiting',
      title: '逾期：有一项申请已超过审批期限：合作协议用印',
      body: '业务经办人 提交的申请「合作协议用印」等待您审批。请打开链接查看并处理。',
      link: 'https://seal.demo.edu.cn/requests/r-1',
    });
    const en = composeMessage(waiting, 'en', BASE);
    expect(en.title).toBe('Overdue: a request is past its approval deadline: 合作协议用印');
    expect(en.link).toBe(zh.link);
  });

  it('keeps a title on one line, whatever the request title holds', () => {
    const sneaky = composeMessage({ ...waiting, title: '用印\r\nBcc: all@school.test' }, 'zh', BASE);
    expect(sneaky.title).toBe('逾期：有一项申请已超过审批期限：用印 Bcc: all@school.test');
    expect(sneaky.title).not.toMatch(/[\r\n]/);
  });

  it('names a decision, a credential type, a contract and a risk rule in the reader’s language', () => {
    const decided = composeMessage(
      { kind: 'request.decided', path: '/requests/r-1', title: 'T', decision: 'returned' },
      'en',
      BASE,
    );
    expect(decided.title).toBe('Your request was returned for changes: T');
    const ready = composeMessage(
      { kind: 'credential.ready', path: '/portal', typeNameZh: '成绩单', typeNameEn: 'Transcript' },
      'zh',
      BASE,
    );
    expect(ready.title).toBe('您的成绩单已出具');
    const sign = composeMessage(
      { kind: 'contract.sign', path: '/contracts/c-1', title: '采购合同' },
      'zh',
      BASE,
    );
    expect(sign.title).toBe('合同待您签署：采购合同');
    const alert = composeMessage(
      { kind: 'risk.alert', path: '/alerts', rule: 'burst', severity: 'medium' },
      'en',
      BASE,
    );
    expect(alert.title).toBe('Risk alert (medium): Burst of uses');
    // A rule the texts do not know yet is named by its id rather than dropped.
    expect(
      composeMessage({ kind: 'risk.alert', path: '/alerts', rule: 'new-rule', severity: 'low' }, 'zh', BASE)
        .title,
    ).toBe('风险预警（低）：new-rule');
  });
});
