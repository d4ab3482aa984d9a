/** Field types a record's JSON Schema may use (draft-07 subset the server accepts). */
const FIELD_TYPES = new Set(['object', 'string', 'number', 'integer', 'boolean', 'array']);

export type DataSchemaProblem =
  | { kind: 'json'; detail: string }
  | { kind: 'notObject' }
  | { kind: 'fieldType'; path: string; type: string };

export type DataSchemaParse =
  | { ok: true; schema: Record<string, unknown> }
  | { ok: false; problem: DataSchemaProblem };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first property (depth first) whose `type` is outside the subset, or null. */
function badFieldType(schema: Record<string, unknown>, path: string): { path: string; type: string } | null {
  const type = schema['type'];
  if (type !== undefined && !(typeof type === 'string' && FIELD_TYPES.has(type))) {
    return { path: path || '(root)', type: JSON.stringify(type) };
  }
  const properties = schema['properties'];
  if (isObject(properties)) {
    for (const [key, child] of Object.entries(properties)) {
      if (!isObject(child)) return { path: path ? `${path}.${key}` : key, type: JSON.stringify(child) };
      const bad = badFieldType(child, path ? `${path}.${key}` : key);
      if (bad) return bad;
    }
  }
  const items = schema['items'];
  if (isObject(items)) return badFieldType(items, `${path}[]`);
  return null;
}

/**
 * The data-schema textarea's text as a record schema: valid JSON, an object schema at the root, and
 * only the field types the server knows. The server validates again on save; this catches typing
 * mistakes before a round trip.
 */
export function parseDataSchema(text: string): DataSchemaParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { kind: 'json', detail: e instanceof Error ? e.message : String(e) } };
  }
  if (!isObject(value) || value['type'] !== 'object') return { ok: false, problem: { kind: 'notObject' } };
  const bad = badFieldType(value, '');
  if (bad) return { ok: false, problem: { kind: 'fieldType', ...bad } };
  return { ok: true, schema: value };
}

/** Placeholder values for every property of `schema`, e.g. for the integration example. */
export function sampleRecord(schema: Record<string, unknown>): Record<string, unknown> {
  const sample = sampleValue(schema, 'value', 0);
  return isObject(sample) ? sample : {};
}

function sampleValue(schema: Record<string, unknown>, key: string, depth: number): unknown {
  if (depth > 4) return null;
  switch (schema['type']) {
    case 'object': {
      const properties = isObject(schema['properties']) ? schema['properties'] : {};
      return Object.fromEntries(
        Object.entries(properties).map(([k, child]) => [
          k,
          isObject(child) ? sampleValue(child, k, depth + 1) : null,
        ]),
      );
    }
    case 'array':
      return isObject(schema['items']) ? [sampleValue(schema['items'], key, depth + 1)] : [];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return `<${key}>`;
  }
}
