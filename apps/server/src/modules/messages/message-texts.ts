// The words of each message kind, in zh and en, written from plain facts (ids, titles, names of
// types): what happened and what to do, with the console page that acts on it. Pure, so every text
// is tested without a server; never document contents.
import type { MessageLocale, RiskRuleId } from '@openseal/contract';
import type { ContractUpdate } from '../contracts/contract-notices.ts';
import type { OutgoingMessage } from './channel.ts';

/** Why an approver is told a request waits (the flow engine's reasons). */
export type WaitingReason = 'pending' | 'reminder' | 'overdue' | 'escalated';
/** What became of a person's own request. */
export type Decision = 'approved' | 'rejected' | 'returned';

/** What a message is written from, by kind; `path` is the console page that acts on it. */
export type MessageFacts =
  | { kind: 'approval.waiting'; path: string; title: string; requester: string; reason: WaitingReason }
  | { kind: 'request.decided'; path: string; title: string; decision: Decision }
  | { kind: 'credential.ready'; path: string; typeNameZh: string; typeNameEn: string }
  | { kind: 'contract.sign'; path: string; title: string }
  | { kind: 'contract.update'; path: string; title: string; update: ContractUpdate }
  | { kind: 'risk.alert'; path: string; rule: string; severity: 'low' | 'medium' | 'high' };

type Words = { title: string; body: string };

const WAITING_ZH: Record<WaitingReason, string> = {
  pending: '有一项申请等待您审批',
  reminder: '提醒：有一项申请仍在等待您审批',
  overdue: '逾期：有一项申请已超过审批期限',
  escalated: '升级：一项逾期申请已转交您审批',
};
const WAITING_EN: Record<WaitingReason, string> = {
  pending: 'A request is waiting for your approval',
  reminder: 'Reminder: a request is still waiting for your approval',
  overdue: 'Overdue: a request is past its approval deadline',
  escalated: 'Escalated: an overdue request now waits for your approval',
};
const DECISION_ZH: Record<Decision, string> = {
  approved: '已批准',
  rejected: '已驳回',
  returned: '已退回修改',
};
const DECISION_EN: Record<Decision, string> = {
  approved: 'approved',
  rejected: 'rejected',
  returned: 'returned for changes',
};
const UPDATE_ZH: Record<ContractUpdate, [string, string]> = {
  completed: ['合同已签署完成', '各方均已签署，可打开链接下载签署完成的合同和证据报告。'],
  declined: ['合同已被拒签', '有一方拒绝签署，合同已终止。请打开链接查看原因。'],
  voided: ['合同已作废', '合同已作废，核验时将显示作废原因。请打开链接查看。'],
  'void-proposed': [
    '合同作废待您同意',
    '发起方提议作废这份已签署的合同，需要您同意。请打开链接查看原因并处理。',
  ],
};
const UPDATE_EN: Record<ContractUpdate, [string, string]> = {
  completed: [
    'Contract fully signed',
    'Every party has signed. Open the link to download the signed contract and its evidence report.',
  ],
  declined: [
    'Contract declined',
    'A party declined to sign, which ended the contract. Open the link to read why.',
  ],
  voided: [
    'Contract voided',
    'The contract was voided; verification now shows it void with the reason. Open the link to see it.',
  ],
  'void-proposed': [
    'A contract void awaits your agreement',
    'The initiator proposes to void this signed contract and needs your agreement. Open the link to read why and respond.',
  ],
};
const SEVERITY_ZH = { low: '低', medium: '中', high: '高' } as const;
/** The rules' names as the console's alert page shows them. */
const RULE_NAMES: Record<RiskRuleId, { zh: string; en: string }> = {
  'sensitive-words': { zh: '敏感词', en: 'Sensitive words' },
  quota: { zh: '用印次数', en: 'Use quota' },
  'off-hours': { zh: '非工作时间用印', en: 'Use outside working hours' },
  burst: { zh: '短时高频用印', en: 'Burst of uses' },
  'cross-unit': { zh: '跨单位用印', en: 'Cross-unit use' },
  'repeated-rejections': { zh: '多次被驳回', en: 'Repeated rejections' },
  'certificate-expiry': { zh: '证书即将到期', en: 'Certificate expiring' },
  'file-mismatch': { zh: '盖章文件与审批文件不一致', en: 'File differs from the approved one' },
};
const ruleName = (rule: string, locale: MessageLocale) =>
  (RULE_NAMES as Record<string, { zh: string; en: string }>)[rule]?.[locale] ?? rule;

function zh(facts: MessageFacts): Words {
  switch (facts.kind) {
    case 'approval.waiting':
      return {
        title: `${WAITING_ZH[facts.reason]}：${facts.title}`,
        body: `${facts.requester} 提交的申请「${facts.title}」等待您审批。请打开链接查看并处理。`,
      };
    case 'request.decided':
      return {
        title: `您的申请${DECISION_ZH[facts.decision]}：${facts.title}`,
        body: `您提交的申请「${facts.title}」${DECISION_ZH[facts.decision]}。请打开链接查看审批意见。`,
      };
    case 'credential.ready':
      return {
        title: `您的${facts.typeNameZh}已出具`,
        body: `您的${facts.typeNameZh}已签章出具，可在「我的证明」中查看和下载。`,
      };
    case 'contract.sign':
      return {
        title: `合同待您签署：${facts.title}`,
        body: `合同「${facts.title}」需要您签署。请打开链接查看并签署。`,
      };
    case 'contract.update':
      return {
        title: `${UPDATE_ZH[facts.update][0]}：${facts.title}`,
        body: `「${facts.title}」：${UPDATE_ZH[facts.update][1]}`,
      };
    case 'risk.alert':
      return {
        title: `风险预警（${SEVERITY_ZH[facts.severity]}）：${ruleName(facts.rule, 'zh')}`,
        body: `用印风险规则「${ruleName(facts.rule, 'zh')}」产生了一条${SEVERITY_ZH[facts.severity]}级预警。请打开链接核查并处理。`,
      };
  }
}

function en(facts: MessageFacts): Words {
  switch (facts.kind) {
    case 'approval.waiting':
      return {
        title: `${WAITING_EN[facts.reason]}: ${facts.title}`,
        body: `The request "${facts.title}" from ${facts.requester} is waiting for your approval. Open the link to review it.`,
      };
    case 'request.decided':
      return {
        title: `Your request was ${DECISION_EN[facts.decision]}: ${facts.title}`,
        body: `Your request "${facts.title}" was ${DECISION_EN[facts.decision]}. Open the link to read the approvers' comments.`,
      };
    case 'credential.ready':
      return {
        title: `Your ${facts.typeNameEn} is ready`,
        body: `Your ${facts.typeNameEn} has been sealed and issued; view and download it under "My credentials".`,
      };
    case 'contract.sign':
      return {
        title: `A contract needs your signature: ${facts.title}`,
        body: `The contract "${facts.title}" needs your signature. Open the link to review and sign it.`,
      };
    case 'contract.update':
      return {
        title: `${UPDATE_EN[facts.update][0]}: ${facts.title}`,
        body: `"${facts.title}": ${UPDATE_EN[facts.update][1]}`,
      };
    case 'risk.alert':
      return {
        title: `Risk alert (${facts.severity}): ${ruleName(facts.rule, 'en')}`,
        body: `The seal-use risk rule "${ruleName(facts.rule, 'en')}" raised a ${facts.severity}-severity alert. Open the link to review it.`,
      };
  }
}

/** The message for `facts` in `locale`, linking to the console page at `publicUrl`. */
export function composeMessage(
  facts: MessageFacts,
  locale: MessageLocale,
  publicUrl: string,
): OutgoingMessage {
  const words = locale === 'zh' ? zh(facts) : en(facts);
  // A title is one line on every channel (an email subject, a card's heading): a request title typed
  // with line breaks must not start a new header.
  const title = words.title.replace(/\s+/g, ' ').trim();
  return { kind: facts.kind, title, body: words.body, link: new URL(facts.path, publicUrl).toString() };
}
