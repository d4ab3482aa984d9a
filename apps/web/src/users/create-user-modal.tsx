import { type CreateUserBody, routes } from '@openseal/contract';
import { Alert, Form, Input, Modal, TreeSelect } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';

/** System admin: a new account in a unit. Roles are the security admin's to give (三员分立). */
export function CreateUserModal({
  open,
  tree,
  onClose,
  onCreated,
}: {
  open: boolean;
  tree: OrgTreeNode[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<CreateUserBody>();
  const required = { required: true, message: t('users.required') };

  const { submit, submitting, error } = useSubmit(async (values: CreateUserBody) => {
    await api.call(routes.createUser, { body: values });
    form.resetFields();
    onCreated();
  });

  return (
    <Modal
      open={open}
      title={t('users.create')}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== null && (
        <Alert data-testid="create-user-error" type="error" showIcon message={errorText(error, locale)} />
      )}
      <Form<CreateUserBody> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHint')}
          rules={[required, { pattern: /^[A-Za-z0-9._-]{2,64}$/, message: t('users.usernameHint') }]}
        >
          <Input autoComplete="off" data-testid="create-user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required]}>
          <Input data-testid="create-user-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')} rules={[required]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="create-user-unit" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHint')}
          rules={[required, { min: 12, message: t('users.passwordHint') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="create-user-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
