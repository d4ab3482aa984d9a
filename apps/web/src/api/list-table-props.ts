import type { TableProps } from 'antd';
import type { Load } from './use-api-get.ts';

/**
 * The props of a compact, unpaged table of everything `load` fetched, keyed by `id`: it shows the
 * spinner while loading and scrolls sideways on a narrow screen instead of squeezing its columns.
 */
export function listTableProps<T extends { id: string }>(load: Load<T[]>): TableProps<T> {
  return {
    rowKey: 'id',
    size: 'small',
    scroll: { x: 'max-content' },
    loading: load.status === 'loading',
    dataSource: load.status === 'ready' ? load.data : [],
    pagination: false,
  };
}
