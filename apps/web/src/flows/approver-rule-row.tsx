import { DeleteOutlined } from '@ant-design/icons';
import { type ApproverRule, type Grantee, ROLES } from '@openseal/contract';
import { Button, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';

/** One approver rule: a role at a unit relative to the request (nearest above or not), or a named user. */
export function ApproverRuleRow({
  rule,
  tree,
  users,
  onChange,
  onRemove,
}: {
  rule: ApproverRule;
  tree: OrgTreeNode[];
  users: Grantee[];
  onChange: (rule: ApproverRule) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useLocale();
  return (
    <Space wrap size={[6, 6]} data-testid="flow-approver" style={{ width: '100%' }}>
      <Select
        style={{ width: 110 }}
        value={rule.kind}
        onChange={(kind) =>
          onChange(
            kind === 'user'
              ? { kind: 'user', userId: users[0]?.id ?? '' }
              : { kind: 'role', role: 'unit_leader', at: 'requester-unit', nearest: true },
          )
        }
        options={[
          { value: 'role', label: t('flow.byRole') },
          { value: 'user', label: t('flow.byUser') },
        ]}
      />
      {rule.kind === 'user' ? (
        <Select
          style={{ minWidth: 200 }}
          showSearch
          optionFilterProp="label"
          value={rule.userId || undefined}
          placeholder={t('flow.user')}
          onChange={(userId: string) => onChange({ kind: 'user', userId })}
          options={users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
        />
      ) : (
        <>
          <Select
            data-testid="flow-approver-role"
            style={{ width: 140 }}
            value={rule.role}
            onChange={(role) => onChange({ ...rule, role })}
            options={ROLES.filter(
              (r) => r !== 'system_admin' && r !== 'security_admin' && r !== 'security_auditor',
            ).map((r) => ({
              value: r,
              label: t(`role.${r}`),
            }))}
          />
          <Select
            style={{ width: 150 }}
            value={rule.at}
            onChange={(at) => {
              const { unitId: _unit, ...rest } = rule;
              onChange(at === 'unit' ? { ...rest, at, unitId: tree[0]?.value ?? '' } : { ...rest, at });
            }}
            options={[
              { value: 'requester-unit', label: t('flow.atRequester') },
              { value: 'seal-unit', label: t('flow.atSeal') },
              { value: 'unit', label: t('flow.atUnit') },
            ]}
          />
          {rule.at === 'unit' && (
            <TreeSelect
              style={{ minWidth: 160 }}
              treeData={tree}
              treeDefaultExpandAll
              value={rule.unitId}
              onChange={(unitId: string) => onChange({ ...rule, unitId })}
            />
          )}
          <Space size={4}>
            <Switch
              size="small"
              checked={rule.nearest === true}
              onChange={(nearest) => onChange({ ...rule, nearest })}
            />
            <Typography.Text style={{ fontSize: 12 }}>{t('flow.nearest')}</Typography.Text>
          </Space>
        </>
      )}
      {onRemove && (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('flow.remove')}
          onClick={onRemove}
        />
      )}
    </Space>
  );
}
