import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';

/**
 * A titled list of editable rows with a dashed "add" button under it. `render` draws one row;
 * `onChange` receives the whole new list (the caller decides what an empty list means).
 */
export function RowList<T>({
  title,
  items,
  minRows = 0,
  newItem,
  onChange,
  render,
  addTestId,
  addLabel,
  spaced = true,
}: {
  title: ReactNode;
  items: readonly T[];
  /** Rows that must stay: at this count no row offers removal. */
  minRows?: number;
  newItem: () => T;
  onChange: (items: T[]) => void;
  render: (row: { item: T; change: (next: T) => void; remove: () => void; removable: boolean }) => ReactNode;
  addTestId: string;
  addLabel: ReactNode;
  /** A gap above the title, for every list but the first. */
  spaced?: boolean;
}) {
  return (
    <>
      <Typography.Text strong style={{ display: 'block', fontSize: 12, ...(spaced ? { marginTop: 8 } : {}) }}>
        {title}
      </Typography.Text>
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        {items.map((item, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: draft rows have no identity of their own; they are edited in place
          <Fragment key={r}>
            {render({
              item,
              change: (next) => onChange(items.map((x, xi) => (xi === r ? next : x))),
              remove: () => onChange(items.filter((_, xi) => xi !== r)),
              removable: items.length > minRows,
            })}
          </Fragment>
        ))}
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          data-testid={addTestId}
          onClick={() => onChange([...items, newItem()])}
        >
          {addLabel}
        </Button>
      </Space>
    </>
  );
}
