import type { SealPlacement, SealPlacementKind, UseSealQuery } from './seals.ts';

/** The placement part of a seal-use query string (UseSealQuery without documentType and purpose). */
export type PlacementQuery = Omit<UseSealQuery, 'documentType' | 'purpose'>;

type PlacementField = Exclude<keyof PlacementQuery, 'placement'>;

/** The query fields each placement kind takes, and which of them it needs. */
const FIELDS: Record<SealPlacementKind, { needs: PlacementField[]; may: PlacementField[] }> = {
  page: { needs: ['page', 'x', 'y'], may: [] },
  keyword: { needs: ['keyword'], may: ['occurrence'] },
  'cross-page': { needs: [], may: ['y'] },
};

/** A placement as the seal-use query string carries it (`placement=page&page=1&x=100&y=100`). */
export function placementQuery(placement: SealPlacement): PlacementQuery {
  const { kind, ...fields } = placement;
  return { placement: kind, ...fields };
}

/**
 * The placement a seal-use query string names, or what is wrong with it: a field the kind needs is
 * missing, or a field of another kind is given. The schema has already checked each field's limits.
 */
export function placementFromQuery(query: PlacementQuery): SealPlacement | { problems: string[] } {
  const { placement: kind, ...fields } = query;
  const { needs, may } = FIELDS[kind];
  const given = (Object.keys(fields) as PlacementField[]).filter((f) => fields[f] !== undefined);
  const problems = [
    ...needs.filter((f) => !given.includes(f)).map((f) => `placement=${kind} needs ${f}`),
    ...given
      .filter((f) => !needs.includes(f) && !may.includes(f))
      .map((f) => `${f} is not a field of placement=${kind}`),
    ...(['x', 'y'] as const)
      .filter((f) => fields[f] !== undefined && !Number.isFinite(fields[f]))
      .map((f) => `${f} must be a finite number`),
  ];
  if (problems.length > 0) return { problems };
  return { kind, ...fields } as SealPlacement;
}
