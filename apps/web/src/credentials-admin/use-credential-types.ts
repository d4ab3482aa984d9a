import { routes } from '@openseal/contract';
import { useMemo } from 'react';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

export interface CredentialTypeOption {
  code: string;
  name: { zh: string; en: string };
  templateId: string;
}

/**
 * What the list is for: `manage` = the templates a template admin edits and connects systems to
 * (routes.listCredentialTemplates); `issue` = the active types a registrar imports records for and
 * issues, owned within their scope (routes.listCredentialTypes).
 */
export type CredentialTypesPurpose = 'manage' | 'issue';

const SOURCE = {
  manage: routes.listCredentialTemplates,
  issue: routes.listCredentialTypes,
} as const satisfies Record<CredentialTypesPurpose, unknown>;

/** The credential types to choose from, as select options labelled in the current locale. */
export function useCredentialTypes(purpose: CredentialTypesPurpose = 'manage'): {
  types: CredentialTypeOption[];
  loading: boolean;
  error: unknown;
  options: { value: string; label: string }[];
} {
  const { locale } = useLocale();
  const { load } = useApiGet(SOURCE[purpose]);
  return useMemo(() => {
    const types =
      load.status === 'ready' ? load.data.map((x) => ({ code: x.code, name: x.name, templateId: x.id })) : [];
    return {
      types,
      loading: load.status === 'loading',
      error: load.status === 'failed' ? load.error : null,
      options: types.map((x) => ({
        value: x.code,
        label: `${locale === 'zh-CN' ? x.name.zh : x.name.en} (${x.code})`,
      })),
    };
  }, [load, locale]);
}
