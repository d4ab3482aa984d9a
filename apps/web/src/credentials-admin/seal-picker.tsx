import type { TemplateSealOption } from '@openseal/contract';
import { Select } from 'antd';
import type { Load } from '../api/use-api-get.ts';

/**
 * An active electronic seal, by name, from the school-wide list the template editor may read;
 * the server checks the chosen seal again on save.
 */
export function SealPicker({
  seals,
  value,
  onChange,
  allowClear,
  testId,
}: {
  seals: Load<TemplateSealOption[]>;
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  allowClear?: boolean;
  testId: string;
}) {
  const list = seals.status === 'ready' ? seals.data : [];
  const options = list.map((s) => ({ value: s.id, label: s.name }));
  // A seal no longer offered (suspended, revoked) still shows, by id, until another is chosen.
  if (value && seals.status === 'ready' && !options.some((o) => o.value === value))
    options.push({ value, label: value });
  return (
    <Select
      data-testid={testId}
      loading={seals.status === 'loading'}
      value={value}
      allowClear={allowClear}
      showSearch
      optionFilterProp="label"
      options={options}
      onChange={(v: string | undefined) => onChange?.(v)}
    />
  );
}
