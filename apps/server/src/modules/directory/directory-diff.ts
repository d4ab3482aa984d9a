import type { DirectoryDiff, DirectoryPersonChange, DirectoryUnitChange } from '@openseal/contract';
import type { DirectoryAccountRow } from '../auth/directory-accounts.ts';
import type { DirectoryUnitRow } from '../org/directory-units.ts';
import type { DirectorySnapshot, SourceUnit } from './directory-source.ts';

export interface DirectoryState {
  rootId: string;
  units: DirectoryUnitRow[];
  accounts: DirectoryAccountRow[];
  /** Holders of the three security roles (三员分立). */
  securityHolders: ReadonlySet<string>;
}

/** Parents before children; refuses unknown parents, repeated codes and cycles by name. */
function unitsInOrder(units: readonly SourceUnit[], problems: string[]): SourceUnit[] {
  const byCode = new Map<string, SourceUnit>();
  for (const u of units) {
    if (byCode.has(u.code)) problems.push(`unit ${u.code} is listed twice`);
    byCode.set(u.code, u);
  }
  const ordered: SourceUnit[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (u: SourceUnit) => {
    if (state.get(u.code) === 'done') return;
    if (state.get(u.code) === 'visiting') {
      problems.push(`unit ${u.code} is its own ancestor`);
      return;
    }
    state.set(u.code, 'visiting');
    if (u.parentCode !== null) {
      const parent = byCode.get(u.parentCode);
      if (parent) visit(parent);
      else problems.push(`unit ${u.code} names parent ${u.parentCode}, which the directory does not list`);
    }
    state.set(u.code, 'done');
    ordered.push(u);
  };
  for (const u of byCode.values()) visit(u);
  return ordered;
}

/**
 * What a sync would change, computed from the source and the database alone (pure). Units are
 * matched by their directory code and never removed; people by campus ID (学号/工号). Only accounts
 * the directory created are changed: a local account (break-glass sign-in) or a holder of a security
 * role is never disabled or rewritten by a sync, since a wrong filter at the source must not lock
 * the administrators out of the system that would repair it; such accounts are listed instead.
 */
export function computeDirectoryDiff(
  source: DirectorySnapshot,
  state: DirectoryState,
): { diff: DirectoryDiff; problems: string[] } {
  const problems: string[] = [];
  const ordered = unitsInOrder(source.units, problems);
  const unitByCode = new Map(state.units.filter((u) => u.code !== null).map((u) => [u.code as string, u]));
  const codeById = new Map(state.units.filter((u) => u.code !== null).map((u) => [u.id, u.code as string]));
  const sourceCodes = new Set(source.units.map((u) => u.code));

  const units: DirectoryUnitChange[] = [];
  for (const u of ordered) {
    const existing = unitByCode.get(u.code);
    const change = { code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentCode: u.parentCode };
    if (!existing) {
      units.push({ ...change, change: 'create' });
      continue;
    }
    if (existing.nameZh !== u.nameZh || existing.nameEn !== u.nameEn)
      units.push({ ...change, change: 'rename' });
    const currentParent =
      existing.parentId === state.rootId ? null : (codeById.get(existing.parentId ?? '') ?? undefined);
    if (currentParent !== u.parentCode) units.push({ ...change, change: 'move' });
  }

  const people: DirectoryPersonChange[] = [];
  const protectedSkipped: string[] = [];
  const byCampusId = new Map(
    state.accounts.filter((a) => a.campusId !== null).map((a) => [a.campusId as string, a]),
  );
  const usernames = new Set(state.accounts.map((a) => a.username));
  const seen = new Set<string>();
  for (const p of source.people) {
    if (seen.has(p.campusId)) problems.push(`person ${p.campusId} is listed twice`);
    seen.add(p.campusId);
    if (!sourceCodes.has(p.unitCode)) {
      problems.push(`person ${p.campusId} is in unit ${p.unitCode}, which the directory does not list`);
      continue;
    }
    const account = byCampusId.get(p.campusId);
    const base = { campusId: p.campusId, name: p.name, unitCode: p.unitCode };
    if (!account) {
      if (usernames.has(p.campusId))
        problems.push(`person ${p.campusId}: a local account already has that username`);
      else people.push({ ...base, change: 'create' });
      continue;
    }
    if (!account.managed) {
      protectedSkipped.push(p.campusId);
      continue;
    }
    const unitCode = codeById.get(account.unitId);
    if (account.disabled) people.push({ ...base, change: 'enable' });
    else if (unitCode !== p.unitCode) people.push({ ...base, change: 'move' });
    else if (account.displayName !== p.name || account.email !== p.email || account.phone !== p.phone)
      people.push({ ...base, change: 'update' });
  }

  const managed = state.accounts.filter((a) => a.managed && !a.disabled);
  for (const a of managed) {
    if (a.campusId === null || seen.has(a.campusId)) continue;
    if (state.securityHolders.has(a.id)) {
      protectedSkipped.push(a.campusId);
      continue;
    }
    people.push({
      campusId: a.campusId,
      name: a.displayName,
      unitCode: codeById.get(a.unitId) ?? null,
      change: 'disable',
    });
  }
  return { diff: { units, people, managedPeople: managed.length, protectedSkipped }, problems };
}

/** True when the diff disables more than `maxPercent` of the directory's active people. */
export function exceedsDisableLimit(diff: DirectoryDiff, maxPercent: number): boolean {
  const disabling = diff.people.filter((p) => p.change === 'disable').length;
  return diff.managedPeople > 0 && disabling * 100 > maxPercent * diff.managedPeople;
}
