import { DeleteOutlined } from '@ant-design/icons';
import {
  CONDITION_FIELDS,
  CONDITION_OPS,
  DOCUMENT_TYPES,
  type FlowCondition,
  REQUEST_TYPES,
} from '@openseal/contract';
import { Button, Input, InputNumber, Select, Space, TreeSelect } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { OrgTreeNode } from '../org/org-tree.ts';

const SEAL_TYPES = ['official', 'contract', 'finance', 'business', 'personal'] as const;
const NUMERIC = new Set<FlowCondition['field']>(['amount', 'copies']);

/** One "only when" condition of a step: field, operator, value (a list for "in"). */
export function ConditionRow({
  condition,
  tree,
  onChange,
  onRemove,
}: {
  condition: FlowCondition;
  tree: OrgTreeNode[];
  onChange: (c: FlowCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useLocale();
  const { field, op, value } = condition;
  const numeric = NUMERIC.has(field);
  const choices: { value: string; label: string }[] | null =
    field === 'documentType'
      ? DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`docType.${d}`) }))
      : field === 'sealType'
        ? SEAL_TYPES.map((s) => ({ value: s, label: t(`sealType.${s}`) }))
        : field === 'requestType'
          ? REQUEST_TYPES.map((r) => ({ value: r, label: t(`requestType.${r}`) }))
          : null;
  const ops = numeric ? CONDITION_OPS : CONDITION_OPS.filter((o) => o === 'eq' || o === 'ne' || o === 'in');

  let input: React.ReactNode;
  if (op === 'in') {
    input = (
      <Select
        mode="tags"
        style={{ minWidth: 200 }}
        value={Array.isArray(value) ? value : []}
        onChange={(v: string[]) => onChange({ ...condition, value: v })}
        options={choices ?? []}
      />
    );
  } else if (numeric) {
    input = (
      <InputNumber
        data-testid="flow-condition-value"
        min={0}
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange({ ...condition, value: v ?? 0 })}
      />
    );
  } else if (field === 'unitId') {
    input = (
      <TreeSelect
        style={{ minWidth: 160 }}
        treeData={tree}
        treeDefaultExpandAll
        value={typeof value === 'string' ? value : undefined}
        onChange={(v: string) => onChange({ ...condition, value: v })}
      />
    );
  } else if (choices) {
    input = (
      <Select
        style={{ minWidth: 140 }}
        value={typeof value === 'string' ? value : undefined}
        onChange={(v: string) => onChange({ ...condition, value: v })}
        options={choices}
      />
    );
  } else {
    input = (
      <Input value={String(value)} onChange={(e) => onChange({ ...condition, value: e.target.value })} />
    );
  }

  return (
    <Space wrap size={[6, 6]} data-testid="flow-condition">
      <Select
        style={{ width: 130 }}
        value={field}
        onChange={(f) =>
          onChange({ field: f, op: NUMERIC.has(f) ? 'gt' : 'eq', value: NUMERIC.has(f) ? 0 : '' })
        }
        options={CONDITION_FIELDS.map((f) => ({ value: f, label: t(`condField.${f}` as MessageKey) }))}
      />
      <Select
        style={{ width: 90 }}
        value={op}
        onChange={(o) =>
          onChange({
            ...condition,
            op: o,
            value: o === 'in' ? [] : Array.isArray(value) ? (numeric ? 0 : '') : value,
          })
        }
        options={ops.map((o) => ({ value: o, label: t(`condOp.${o}` as MessageKey) }))}
      />
      {input}
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('flow.remove')}
        onClick={onRemove}
      />
    </Space>
  );
}
