// The one base of every error OpenSeal throws, and how one crosses a worker thread's port intact.
// Callers branch on `code` (a string-literal union per package), never on the message (STYLE 2).

/** What an error may carry beside its code and message. */
export interface OpenSealErrorOptions {
  /** The error this one reports (kept for logs; never shown to a user). */
  cause?: unknown;
  /** Field-level details a caller may show, e.g. `/spec ERR_SEAL_SPEC_INVALID`. */
  details?: readonly string[];
}

/**
 * A refusal with a stable code. Subclasses narrow `C` to their package's code union and keep all their
 * state in own fields, so `rebuildError` can make the same class again on the other side of a port.
 */
export class OpenSealError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: readonly string[] | undefined;

  constructor(code: C, message: string, options: OpenSealErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    // The class's own name (PdfError, AppError…): the identity a serialized error is rebuilt by.
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** The type guard for "any OpenSeal error", without naming a package. */
export function isOpenSealError(e: unknown): e is OpenSealError {
  return e instanceof OpenSealError;
}

/** The message of anything thrown, for a log line or a wrapping error's message. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A subclass's own fields that survive a port: primitives and lists of strings. */
type FieldValue = string | number | boolean | null | readonly string[];

/** An error as plain data for `postMessage` (structured clone drops an Error's class and own fields). */
export interface SerializedError {
  /** The class name it was thrown as (`PdfError`, `AppError`, `Error`…). */
  readonly name: string;
  /** Absent for an error that is not an OpenSealError. */
  readonly code?: string;
  readonly message: string;
  readonly details?: readonly string[];
  /** A subclass's own fields (e.g. AppError's retryAfterMs). */
  readonly fields?: Readonly<Record<string, FieldValue>>;
  readonly cause?: SerializedError;
  readonly stack?: string;
}

/** An OpenSealError subclass, whatever its constructor takes. */
export type OpenSealErrorClass = abstract new (...args: never[]) => OpenSealError;

const BASE_KEYS: ReadonlySet<string> = new Set(['name', 'code', 'message', 'details', 'stack', 'cause']);

function isFieldValue(v: unknown): v is FieldValue {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    (Array.isArray(v) && v.every((x) => typeof x === 'string'))
  );
}

/** `e` as plain data, for the other side of a worker port to rebuild with `rebuildError`. */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(e)) {
    if (!BASE_KEYS.has(key) && isFieldValue(value)) fields[key] = value;
  }
  return {
    name: e.name,
    message: e.message,
    ...(e instanceof OpenSealError ? { code: e.code } : {}),
    ...(e instanceof OpenSealError && e.details ? { details: [...e.details] } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(e.cause !== undefined ? { cause: serializeError(e.cause) } : {}),
    ...(e.stack !== undefined ? { stack: e.stack } : {}),
  };
}

/**
 * The error `serializeError` described, as an instance of the class of that name among `classes`
 * (so `instanceof` and the typed `code` hold again). An unknown class with a code comes back as an
 * OpenSealError keeping its name and code; one without a code as a plain Error.
 */
export function rebuildError(s: SerializedError, classes: readonly OpenSealErrorClass[]): Error {
  const options: OpenSealErrorOptions = {
    ...(s.details ? { details: s.details } : {}),
    ...(s.cause ? { cause: rebuildError(s.cause, classes) } : {}),
  };
  let error: Error;
  if (s.code === undefined) {
    error = new Error(s.message, 'cause' in options ? { cause: options.cause } : undefined);
    error.name = s.name;
  } else {
    const cls = classes.find((c) => c.name === s.name) ?? OpenSealError;
    // Only the base constructor runs: subclass constructors take different arguments, and a
    // subclass's state is in its own fields, restored below.
    const rebuilt: OpenSealError = Reflect.construct(OpenSealError, [s.code, s.message, options], cls);
    rebuilt.name = s.name;
    error = rebuilt;
  }
  for (const [key, value] of Object.entries(s.fields ?? {})) {
    Object.defineProperty(error, key, { value, enumerable: true, configurable: true, writable: false });
  }
  if (s.stack !== undefined) error.stack = s.stack;
  return error;
}
