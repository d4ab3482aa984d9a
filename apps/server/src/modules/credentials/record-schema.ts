import type { RecordProblem } from '@openseal/contract';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { AppError } from '../../errors.ts';
import { PROBLEM_TEXT, schemaErrorText } from './record-problem-text.ts';

// A credential type's records are checked against the JSON Schema its template admin saved. Each
// schema is compiled once per template version; every problem is reported with a field path such as
// `courses[3].credits`, so the person fixing the data finds the cell.

/** `/courses/3/credits` -> `courses[3].credits`. */
function fieldPath(instancePath: string, child?: string): string | null {
  const parts = instancePath.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const raw of parts) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? null : out;
}

function problemOf(e: ErrorObject, row: number): RecordProblem {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    return {
      row,
      field: fieldPath(e.instancePath, String(params['missingProperty'])),
      ...PROBLEM_TEXT.required,
    };
  }
  if (e.keyword === 'additionalProperties') {
    return {
      row,
      field: fieldPath(e.instancePath, String(params['additionalProperty'])),
      ...PROBLEM_TEXT.notAField,
    };
  }
  // An empty cell is "required" to a registrar, not "must NOT have fewer than 1 characters".
  if (e.keyword === 'minLength' && Number(params['limit']) <= 1)
    return { row, field: fieldPath(e.instancePath), ...PROBLEM_TEXT.required };
  return { row, field: fieldPath(e.instancePath), ...schemaErrorText(e) };
}

export interface RecordValidator {
  /** Problems with `data` (empty when it is valid), each on `row`. */
  check(data: unknown, row: number): RecordProblem[];
}

/** Compiles a record schema; refuses one that is not a JSON Schema for an object. */
export function compileRecordSchema(ajv: Ajv, schema: unknown): RecordValidator {
  if (typeof schema !== 'object' || schema === null || (schema as { type?: unknown }).type !== 'object') {
    throw new AppError('ERR_TEMPLATE_SCHEMA_INVALID', 'the data schema must have type "object"', [
      'dataSchema.type must be "object"',
    ]);
  }
  // $id would register the schema in the shared instance (a second compile fails); $schema names
  // a draft this instance may not know. Neither changes what a record must look like.
  const { $id: _id, $schema: _draft, ...body } = schema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new AppError('ERR_TEMPLATE_SCHEMA_INVALID', message, [message]);
  }
  return {
    check(data, row) {
      if (validate(data)) return [];
      return (validate.errors ?? []).map((e) => problemOf(e, row));
    },
  };
}

/**
 * One Ajv instance and the compiled record schemas, keyed `${templateId}:${version}` (a template's
 * version is bumped on every change, so a key never goes stale).
 */
export class RecordSchemas {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, RecordValidator>();

  /** Validates a schema without caching it (on save). */
  compile(schema: unknown): RecordValidator {
    return compileRecordSchema(this.ajv, schema);
  }

  forTemplate(t: { id: string; version: number; dataSchema: unknown }): RecordValidator {
    const key = `${t.id}:${t.version}`;
    let v = this.compiled.get(key);
    if (!v) {
      v = compileRecordSchema(this.ajv, t.dataSchema);
      this.compiled.set(key, v);
    }
    return v;
  }
}

/** Problems as error details: `row 3, courses[0].credits: must match pattern …`. */
export function problemDetails(problems: readonly RecordProblem[], rowLabel = 'row'): string[] {
  return problems.map((p) => `${rowLabel} ${p.row}${p.field ? `, ${p.field}` : ''}: ${p.message}`);
}
