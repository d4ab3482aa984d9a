import type { OrgUnit } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { buildOrgTree } from './org-tree.ts';

const unit = (id: string, parentId: string | null, kind: OrgUnit['kind'] = 'college'): OrgUnit => ({
  id,
  parentId,
  nameZh: `单位${id}`,
  nameEn: `Unit ${id}`,
  kind,
});

describe('buildOrgTree', () => {
  it('nests units under their parents in list order', () => {
    const tree = buildOrgTree(
      [unit('s', null, 'school'), unit('a', 's'), unit('b', 's'), unit('a1', 'a', 'unit')],
      (u) => u.nameEn,
    );
    expect(tree).toHaveLength(1);
    expect(tree[0]?.title).toBe('Unit s');
    expect(tree[0]?.children.map((c) => c.key)).toEqual(['a', 'b']);
    expect(tree[0]?.children[0]?.children.map((c) => c.title)).toEqual(['Unit a1']);
  });

  it('orders siblings by kind, then by name', () => {
    const units = [
      unit('s', null, 'school'),
      { ...unit('o', 's', 'office'), nameEn: 'Academic Affairs' },
      { ...unit('b', 's'), nameEn: 'Languages' },
      { ...unit('a', 's'), nameEn: 'Computing' },
    ];
    const tree = buildOrgTree(units, (u) => u.nameEn, new Intl.Collator('en'));
    expect(tree[0]?.children.map((c) => c.title)).toEqual(['Computing', 'Languages', 'Academic Affairs']);
  });

  it('keeps a unit whose parent is missing as a root', () => {
    const tree = buildOrgTree([unit('a', 'hidden'), unit('a1', 'a')], (u) => u.nameZh);
    expect(tree.map((n) => n.title)).toEqual(['单位a']);
    expect(tree[0]?.children.map((n) => n.key)).toEqual(['a1']);
  });
});
