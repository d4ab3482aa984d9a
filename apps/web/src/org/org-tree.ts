import type { OrgUnit } from '@openseal/contract';

export interface OrgTreeNode {
  key: string;
  title: string;
  value: string;
  kind: OrgUnit['kind'];
  children: OrgTreeNode[];
}

const KIND_ORDER: Readonly<Record<OrgUnit['kind'], number>> = { school: 0, college: 1, office: 2, unit: 3 };

/**
 * The flat unit list as a forest for antd Tree/TreeSelect: siblings by kind (colleges before offices),
 * then by displayed name. A unit whose parent is not in the list (outside what the caller may read)
 * becomes a root rather than vanishing. `collator` orders names in the reader's language.
 */
export function buildOrgTree(
  units: readonly OrgUnit[],
  name: (unit: OrgUnit) => string,
  collator: Intl.Collator = new Intl.Collator('zh-CN'),
): OrgTreeNode[] {
  const sorted = [...units].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(name(a), name(b)),
  );
  const nodes = new Map<string, OrgTreeNode>();
  for (const u of units)
    nodes.set(u.id, { key: u.id, value: u.id, title: name(u), kind: u.kind, children: [] });
  const roots: OrgTreeNode[] = [];
  for (const u of sorted) {
    const node = nodes.get(u.id) as OrgTreeNode;
    const parent = u.parentId === null ? undefined : nodes.get(u.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
