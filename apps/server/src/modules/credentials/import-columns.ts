import type { ColumnLabel } from '@openseal/contract';

// The columns of a credential type's import file, named as a registrar reads them: the labels of
// the record schema ("学号" / "Student number", from a field's `description: "学号 / Student number"`
// or its `title`), with the field keys (`studentNo`, `courses.term`) still accepted. A label shared
// by who-a-row-is-about and a data field ("学号", "姓名") is one column that fills both.

export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  pattern?: string;
  examples?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
}

export type Reserved = 'subject' | 'subjectName' | 'cohort';

export interface ImportColumn {
  /** `subject`, a top-level field's key, or `table.column` for a table field's column. */
  key: string;
  kind: 'reserved' | 'field' | 'table';
  label: ColumnLabel;
  /** Header texts that name this column, compared by `headerKey`. */
  names: string[];
  schema?: SchemaNode;
  table?: string;
  /** The column's key inside a table item. */
  item?: string;
}

/** Who a row is about, with the names a registrar's own sheet already uses for it. */
const RESERVED: readonly { key: Reserved; label: ColumnLabel; names: string[] }[] = [
  {
    key: 'subject',
    label: { zh: '学号/工号', en: 'Student/staff number' },
    names: ['学号', '工号', 'Student number', 'Staff number', 'Student No.', 'Staff No.'],
  },
  { key: 'subjectName', label: { zh: '姓名', en: 'Name' }, names: ['Full name'] },
  { key: 'cohort', label: { zh: '年级', en: 'Cohort' }, names: ['批次'] },
];

/** Header cells compare without surrounding spaces, case, or the full-width forms of `(`, `)`, `/`. */
export function headerKey(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function mainType(s: SchemaNode | undefined): string | undefined {
  const t = s?.type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
}

/** "学号 / Student number" in `description`, else `title`, else the key. */
export function labelOf(key: string, node: SchemaNode | undefined): ColumnLabel {
  const both = /^(.+?)\s+\/\s+(.+)$/.exec(node?.description ?? '');
  if (both) return { zh: (both[1] as string).trim(), en: (both[2] as string).trim() };
  const title = node?.title?.trim();
  return title ? { zh: title, en: title } : { zh: key, en: key };
}

/** Every column a file of this type may have, in the schema's order after the reserved three. */
export function importColumns(schema: SchemaNode): ImportColumn[] {
  const columns: ImportColumn[] = RESERVED.map((r) => ({
    key: r.key,
    kind: 'reserved',
    label: r.label,
    names: [r.key, r.label.zh, r.label.en, ...r.names],
  }));
  const props = schema.properties ?? {};
  const tableColumns: ImportColumn[] = [];
  for (const [key, node] of Object.entries(props)) {
    const label = labelOf(key, node);
    if (mainType(node) === 'array' && mainType(node.items) === 'object') {
      for (const [item, itemNode] of Object.entries(node.items?.properties ?? {})) {
        const itemLabel = labelOf(item, itemNode);
        const column: ImportColumn = {
          key: `${key}.${item}`,
          kind: 'table',
          label: itemLabel,
          names: [
            `${key}.${item}`,
            `${label.zh}.${itemLabel.zh}`,
            `${label.en}.${itemLabel.en}`,
            itemLabel.zh,
            itemLabel.en,
          ],
          schema: itemNode,
          table: key,
          item,
        };
        columns.push(column);
        tableColumns.push(column);
      }
      continue;
    }
    if (mainType(node) === 'array' || mainType(node) === 'object') continue;
    columns.push({ key, kind: 'field', label, names: [key, label.zh, label.en], schema: node });
  }
  // A table column whose bare label another column also has is named with its table's label.
  for (const c of tableColumns) {
    const clash = columns.some(
      (o) =>
        o !== c &&
        (headerKey(o.label.zh) === headerKey(c.label.zh) || headerKey(o.label.en) === headerKey(c.label.en)),
    );
    if (!clash) continue;
    const table = labelOf(c.table as string, props[c.table as string]);
    c.label = { zh: `${table.zh}.${c.label.zh}`, en: `${table.en}.${c.label.en}` };
    c.names = c.names.slice(0, 3);
  }
  return columns;
}

/** The columns a header cell names: one, a reserved and a data column together, or none. */
export function columnsNamed(columns: readonly ImportColumn[], header: string): ImportColumn[] {
  const key = headerKey(header);
  const hits = columns.filter((c) => c.names.some((n) => headerKey(n) === key));
  // The key itself is exact: `name` is the field `name`, not also 姓名 the reserved column.
  const exact = hits.filter((c) => c.key === header.trim());
  return exact.length > 0 ? exact : hits;
}

/** The label of a problem's field (`courses[2].credits`, `studentNo`, `courses`); null when unknown. */
export function labelOfField(
  schema: SchemaNode,
  columns: readonly ImportColumn[],
  field: string | null,
): ColumnLabel | null {
  if (field === null) return null;
  const key = field.replace(/\[\d+\]/g, '');
  const column = columns.find((c) => c.key === key);
  if (column) return column.label;
  const node = schema.properties?.[key];
  return node ? labelOf(key, node) : null;
}

/**
 * The header row of the downloadable template: one column per reserved column and field, where a
 * field labelled like a reserved column's name (学号, 姓名, 年级) shares that column.
 */
export function templateColumns(
  columns: readonly ImportColumn[],
): { label: ColumnLabel; fills: ImportColumn[] }[] {
  const out: { label: ColumnLabel; fills: ImportColumn[] }[] = [];
  const taken = new Set<ImportColumn>();
  for (const r of columns.filter((c) => c.kind === 'reserved')) {
    const twin = columns.find(
      (c) =>
        c.kind === 'field' && !taken.has(c) && r.names.some((n) => headerKey(n) === headerKey(c.label.zh)),
    );
    if (twin) taken.add(twin);
    out.push({ label: twin ? twin.label : r.label, fills: twin ? [r, twin] : [r] });
  }
  for (const c of columns)
    if (c.kind !== 'reserved' && !taken.has(c)) out.push({ label: c.label, fills: [c] });
  return out;
}
