import { ROLES, type RoleGrant, routes, type User } from '@openseal/contract';
import { Alert, Form, Modal, Select, TreeSelect } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';

/**
 * Security admin: a role at a unit for one user. Separation-of-duties refusals (ERR_ROLE_CONFLICT)
 * come from the server and are shown in its words.
 */
export function GrantRoleModal({
  user,
  tree,
  onClose,
  onGranted,
}: {
  user: User;
  tree: OrgTreeNode[];
  onClose: () => void;
  onGranted: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<RoleGrant>();
  const { submit, submitting, error } = useSubmit(async (values: RoleGrant) => {
    await api.call(routes.grantRole, { params: { id: user.id }, body: values });
    onGranted();
  });

  return (
    <Modal
      open
      title={`${t('users.grant')} · ${user.displayName}`}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error !== null && (
        <Alert data-testid="grant-error" type="error" showIcon message={errorText(error, locale)} />
      )}
      <Form<RoleGrant>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ orgUnitId: user.unitId }}
      >
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.required') }]}
        >
          <Select
            data-testid="grant-role"
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('users.scope')}
          rules={[{ required: true, message: t('users.required') }]}
        >
          <TreeSelect treeData={tree} treeDefaultExpandAll />
        </Form.Item>
      </Form>
    </Modal>
  );
}
