import { routes } from '@openseal/contract';
import { Alert } from 'antd';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The auditor's check of 三员分立 over the data: shown only when some person breaks it. */
export function RoleConflictsAlert() {
  const { t } = useLocale();
  const { load } = useApiGet(routes.listRoleConflicts);
  if (load.status !== 'ready' || load.data.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="role-conflicts"
      style={{ marginBottom: 16 }}
      message={t('conflicts.title')}
      description={
        <>
          {t('conflicts.intro')}
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {load.data.map((c) => (
              <li key={c.userId}>
                {c.displayName} ({c.username}): {c.grants.map((g) => t(`role.${g.role}`)).join('、')}
              </li>
            ))}
          </ul>
        </>
      }
    />
  );
}
