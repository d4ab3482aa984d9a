import { Select } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import { useCredentialTypes } from './use-credential-types.ts';

/** A credential type the registrar may import records for and issue (active, owned in their scope), by name. */
export function CredentialTypeSelect({
  value,
  onChange,
  testId,
  allowClear,
  width = 300,
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  testId: string;
  allowClear?: boolean;
  width?: number;
}) {
  const { t } = useLocale();
  const { options, loading } = useCredentialTypes('issue');
  // A type chosen before (e.g. a job's) that is no longer offered still shows, by code.
  const chosen =
    value && !loading && !options.some((o) => o.value === value) ? [{ value, label: value }] : [];
  return (
    <Select
      data-testid={testId}
      style={{ width, maxWidth: '100%' }}
      placeholder={t('data.type')}
      loading={loading}
      value={value}
      allowClear={allowClear}
      showSearch
      optionFilterProp="label"
      options={[...options, ...chosen]}
      onChange={(v?: string) => onChange(v)}
    />
  );
}
