import type { SealPlacement } from '@openseal/contract';

export type PlacementKind = SealPlacement['kind'];

export interface PlacementValues {
  placement: PlacementKind;
  keyword?: string;
  occurrence?: 'first' | 'last';
}

/** The placement a form describes; null for "click on the page" before any click. */
export function placementOf(
  values: PlacementValues,
  placed: { page: number; x: number; y: number } | null,
): SealPlacement | null {
  if (values.placement === 'page') {
    return placed ? { kind: 'page', page: placed.page, x: placed.x, y: placed.y } : null;
  }
  if (values.placement === 'keyword') {
    return {
      kind: 'keyword',
      keyword: (values.keyword ?? '').trim(),
      occurrence: values.occurrence ?? 'first',
    };
  }
  return { kind: 'cross-page' };
}
