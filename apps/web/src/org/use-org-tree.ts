import { type OrgUnit, routes } from '@openseal/contract';
import { useMemo } from 'react';
import { type Load, useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { buildOrgTree, type OrgTreeNode } from './org-tree.ts';

/** The org units (routes.listOrgUnits) as a tree titled in the current language, plus a unit id → name lookup. */
export function useOrgTree(): {
  load: Load<OrgUnit[]>;
  tree: OrgTreeNode[];
  unitName: (id: string) => string;
} {
  const { locale } = useLocale();
  const { load } = useApiGet(routes.listOrgUnits);
  return useMemo(() => {
    const units = load.status === 'ready' ? load.data : [];
    const name = (u: OrgUnit) => (locale === 'zh-CN' ? u.nameZh : u.nameEn);
    const byId = new Map(units.map((u) => [u.id, name(u)]));
    return {
      load,
      tree: buildOrgTree(units, name, new Intl.Collator(locale)),
      unitName: (id: string) => byId.get(id) ?? id,
    };
  }, [load, locale]);
}
