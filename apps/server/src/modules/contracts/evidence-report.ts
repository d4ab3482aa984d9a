// 证据报告: everything the platform knows about one contract, in one PDF a court or an auditor can
// read without the platform — the parties and how each signed, every event with its time, address,
// browser and the file's hash after it — sealed by the platform's evidence key and timestamped, so
// it verifies on the public page and in any PAdES validator.

import type { ContractDetail } from '@openseal/contract';
import { sign } from '@openseal/pdf-sign';
import {
  type CredentialTemplate,
  compileTemplate,
  type RenderInputs,
  templateParts,
} from '@openseal/templates';
import { AppError } from '../../errors.ts';
import { localDateTime } from '../reports/report-calendar.ts';
import { unsealableDocument } from '../sealing/sealing-errors.ts';
import type { ContractsContext } from './contracts-context.ts';
import { evidenceState, keepEvidence, keptEvidence } from './evidence-cache.ts';
import { evidenceCredentials } from './evidence-signer.ts';

const { a4, field, label, table } = templateParts;
const LEFT = 15;
const WIDTH = 180;

const STATUS: Record<ContractDetail['status'], string> = {
  signing: '签署中 Signing',
  completed: '已完成 Completed',
  declined: '已拒签 Declined',
  voided: '已作废 Voided',
  expired: '已过期 Expired',
};
const EVENT: Record<ContractDetail['events'][number]['kind'], string> = {
  created: '发起 Created',
  viewed: '查看 Viewed',
  consented: '同意 Consented',
  'identity-checked': '实名认证 Real-name check',
  'code-verified': '验证码核验 One-time code verified',
  'certificate-issued': '签发证书 Certificate issued',
  reminded: '提醒 Reminded',
  signed: '签署 Signed',
  sealed: '盖章 Sealed',
  declined: '拒签 Declined',
  voided: '作废 Voided',
  'void-proposed': '提议作废 Void proposed',
  'void-agreed': '同意作废 Void agreed',
  expired: '过期 Expired',
  completed: '完成 Completed',
};
const PARTY: Record<ContractDetail['parties'][number]['status'], string> = {
  waiting: '待签 Waiting',
  ready: '可签 Ready',
  signed: '已签 Signed',
  declined: '已拒签 Declined',
};
const CUSTODY: Record<string, string> = {
  browser: '本人浏览器密钥 Signer-held browser key',
  token: '本人 UKey Signer-held hardware token',
  event: '事件证书 Event certificate',
};

const TEMPLATE: CredentialTemplate = a4(
  [
    label(
      'title',
      '电子合同证据报告  Contract Evidence Report',
      { x: LEFT, y: 18, width: WIDTH, height: 10 },
      {
        fontSize: 16,
        bold: true,
        alignment: 'center',
      },
    ),
    table(
      'summary',
      [
        { head: '项目 Item', key: 'k', widthPercent: 28, alignment: 'left' },
        { head: '内容 Value', key: 'v', widthPercent: 72, alignment: 'left' },
      ],
      { x: LEFT, y: 32, width: WIDTH, height: 10 },
      { fontSize: 8 },
    ),
    table(
      'parties',
      [
        { head: '顺序 No.', key: 'n', widthPercent: 7 },
        { head: '签署方 Party', key: 'name', widthPercent: 20, alignment: 'left' },
        { head: '方式 Method', key: 'how', widthPercent: 21, alignment: 'left' },
        { head: '证书 Certificate', key: 'cert', widthPercent: 28, alignment: 'left' },
        { head: '状态 Status', key: 'status', widthPercent: 10 },
        { head: '时间 Time', key: 'at', widthPercent: 14 },
      ],
      { x: LEFT, y: 46, width: WIDTH, height: 10 },
      { fontSize: 7.5 },
    ),
    table(
      'events',
      [
        { head: '时间 Time', key: 'at', widthPercent: 14 },
        { head: '事件 Event', key: 'kind', widthPercent: 12 },
        { head: '操作人 Actor', key: 'actor', widthPercent: 10, alignment: 'left' },
        { head: '来源 Address / browser', key: 'from', widthPercent: 24, alignment: 'left' },
        { head: '文件 SHA-256 after', key: 'sha', widthPercent: 22, alignment: 'left' },
        { head: '说明 Detail', key: 'detail', widthPercent: 18, alignment: 'left' },
      ],
      { x: LEFT, y: 60, width: WIDTH, height: 10 },
      { fontSize: 6.5 },
    ),
    field('howToVerify', { x: LEFT, y: 74, width: WIDTH, height: 16 }, { fontSize: 8, lineHeight: 1.5 }),
  ],
  [15, 15, 15, 15],
);
const compiled = compileTemplate(TEMPLATE);

export interface EvidenceInput {
  detail: ContractDetail;
  originalSha256: string;
  verifyUrl: string;
}

/** The making time a report's state is computed with, so two reports of one state compare equal. */
const STATE_MADE_AT = new Date(0);

/**
 * The report, sealed at PAdES B-T by the platform's evidence key. A contract whose report would say
 * the same as the last one sealed (evidence-cache.ts) gets that one again, byte for byte; any new
 * event or change makes a new one.
 */
export async function evidenceReport(ctx: ContractsContext, input: EvidenceInput): Promise<Uint8Array> {
  const { timestamper } = ctx.seals;
  if (!timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const contractId = input.detail.id;
  // The words of the report with a fixed making time: what it says about the contract, nothing else.
  const state = evidenceState(evidenceInputs(input, ctx.timeZone, STATE_MADE_AT));
  const kept = await keptEvidence(ctx, contractId, state);
  if (kept) return kept;
  const now = ctx.clock();
  const pdf = compiled.render(evidenceInputs(input, ctx.timeZone, now), undefined, {
    title: `证据报告 Evidence report — ${input.detail.title}`,
    lang: 'zh-CN',
  }).pdf;
  let report: Uint8Array;
  try {
    report = await sign(pdf, await evidenceCredentials(ctx), {
      level: 'B-T',
      timestamper,
      reason: '电子合同证据报告 Contract evidence report',
      clock: ctx.clock,
    });
  } catch (e) {
    throw unsealableDocument(e);
  }
  keepEvidence(ctx, contractId, state, report, now);
  return report;
}

export function evidenceInputs(input: EvidenceInput, timeZone: string, now: Date): RenderInputs {
  const { detail } = input;
  const at = (iso: string) => localDateTime(iso, timeZone);
  const zone = `${timeZone} (${utcOffset(timeZone, now)})`;
  const summary = [
    ['合同 Contract', detail.title],
    ['合同编号 Contract ID', detail.id],
    ['发起人 Initiator', detail.initiator],
    ['发起时间 Created', at(detail.createdAt)],
    ['抄送 Copied to', detail.cc.join('、') || '—'],
    ['签署顺序 Order', detail.order === 'sequential' ? '依次签署 Sequential' : '同时签署 Parallel'],
    ['状态 Status', STATUS[detail.status] + (detail.voidReason ? `：${detail.voidReason}` : '')],
    ['原始文件 SHA-256 Original file', input.originalSha256],
    ['当前文件 SHA-256 Current file', detail.documentSha256],
    ['报告生成 Report made', `${at(now.toISOString())}`],
    ['时区 Time zone', `所有时间均为 ${zone} / All times in ${zone}`],
  ];
  const parties = detail.parties.map((p) => [
    String(p.position),
    p.kind === 'person' ? `${p.name}${p.username ? ` (${p.username})` : ''}` : p.name,
    p.kind === 'person'
      ? `${CUSTODY[p.custody ?? 'browser']}；${p.identity === 'real-name' ? `实名认证${p.identityVerified ? '已通过' : '未完成'} Real-name check ${p.identityVerified ? 'passed' : 'not done'}` : '校园统一身份 Campus sign-in'}`
      : '单位印章 Organisation seal',
    p.certificateSubject ?? '',
    PARTY[p.status] + (p.declineReason ? `：${p.declineReason}` : ''),
    p.signedAt ? at(p.signedAt) : '',
  ]);
  const events = detail.events.map((e) => [
    at(e.at),
    EVENT[e.kind],
    e.actor,
    [e.ip, e.userAgent].filter(Boolean).join(' · '),
    e.documentSha256,
    e.detail ?? '',
  ]);
  return {
    summary,
    parties,
    events,
    howToVerify:
      `核验方法：在 ${input.verifyUrl} 上传本报告或合同文件，即可核验其真实性与完整性。本报告由平台存证密钥签章并加盖时间戳。\n` +
      `How to verify: upload this report or the contract at ${input.verifyUrl}. The report is sealed by the platform's evidence key and timestamped.`,
  };
}

/** One formatter per time zone: making one is most of the cost of formatting with it. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** "UTC+8" for Asia/Shanghai at `at`. */
function utcOffset(timeZone: string, at: Date): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return (name ?? 'GMT').replace('GMT', 'UTC');
}
