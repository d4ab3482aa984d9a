import type { ApprovalRequest, DocumentType, Role, SealType } from '@openseal/contract';
import { useSchoolDate, useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

const LABEL: Readonly<Record<string, MessageKey>> = {
  documentType: 'stamp.documentType',
  purpose: 'stamp.purpose',
  copies: 'request.copies',
  amount: 'request.amount',
  placement: 'stamp.placement',
  returnBy: 'request.returnBy',
  reason: 'sealRequest.reason',
  name: 'seals.name',
  custodianUserId: 'sealRequest.custodian',
  ownerUnitId: 'seals.ownerUnit',
  type: 'seals.type',
  physical: 'seals.medium',
  grant: 'grants.grantee',
};
const HIDDEN = new Set(['sealId', 'image', 'key', 'spec']);

/** The request's payload as label/value rows for a Descriptions list. */
export function usePayloadItems(
  request: ApprovalRequest,
  unitName: (id: string) => string,
): { key: string; label: string; children: string }[] {
  const { t, locale } = useLocale();
  const when = useSchoolTime();
  const day = useSchoolDate();
  const grantText = (g: Record<string, unknown>): string => {
    const who =
      typeof g['userId'] === 'string'
        ? g['userId']
        : t('grants.roleAt', { role: t(`role.${g['role'] as Role}`), unit: unitName(String(g['unitId'])) });
    const types =
      Array.isArray(g['documentTypes']) && g['documentTypes'].length > 0
        ? (g['documentTypes'] as DocumentType[]).map((d) => t(`docType.${d}`)).join('、')
        : t('grants.anyType');
    const parts = [who, types];
    if (typeof g['maxUses'] === 'number') parts.push(`${t('grants.maxUses')} ${g['maxUses']}`);
    if (typeof g['until'] === 'string') parts.push(`${t('grants.until')} ${day(g['until'])}`);
    return parts.join(' · ');
  };
  const placementText = (v: Record<string, unknown>): string => {
    if (v['kind'] === 'page')
      return t('stamp.placed', {
        page: String(v['page']),
        x: Number(v['x']).toFixed(1),
        y: Number(v['y']).toFixed(1),
      });
    if (v['kind'] === 'keyword') return `${t('placement.keyword')}: ${String(v['keyword'])}`;
    return t('placement.crossPage');
  };
  return Object.entries(request.payload)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && v !== null)
    .map(([k, v]) => {
      let text: string;
      if (k === 'documentType') text = t(`docType.${v as DocumentType}`);
      else if (k === 'placement' && typeof v === 'object') text = placementText(v as Record<string, unknown>);
      else if (k === 'returnBy' && typeof v === 'string') text = when(v);
      else if (k === 'amount' && typeof v === 'number') text = v.toLocaleString(locale);
      else if (k === 'ownerUnitId' && typeof v === 'string') text = unitName(v);
      else if (k === 'type' && typeof v === 'string') text = t(`sealType.${v as SealType}`);
      else if (k === 'physical') text = v === true ? t('seals.physical') : t('seals.electronic');
      else if (k === 'grant' && typeof v === 'object') text = grantText(v as Record<string, unknown>);
      else text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return { key: k, label: LABEL[k] ? t(LABEL[k]) : k, children: text };
    });
}
