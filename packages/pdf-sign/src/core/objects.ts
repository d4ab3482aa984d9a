// The PDF object model (ISO 32000-2 7.3). Plain immutable-ish values shared by the parser, the
// incremental writer, the signer and the validator.

/** Byte span of a parsed token or object in the file: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();

  private constructor(readonly name: string) {}

  /** Names are interned, so `PdfName.of('Type') === PdfName.of('Type')`. `name` is without the slash, decoded (#xx). */
  static of(name: string): PdfName {
    let n = PdfName.interned.get(name);
    if (!n) {
      n = new PdfName(name);
      PdfName.interned.set(name, n);
    }
    return n;
  }

  toString(): string {
    return `/${this.name}`;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen}`;
  }

  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

export class PdfString {
  constructor(
    /** The decoded bytes (escapes resolved for literal strings, hex decoded for hex strings). */
    readonly bytes: Uint8Array,
    /** Written as <hex> in the file. */
    readonly hex: boolean,
    /** Where the whole token (delimiters included) stands in the file, when parsed from one. */
    readonly span?: Span,
  ) {}
}

/** Integers and reals alike; `PdfReal` is not distinguished because nothing we do needs it. */
export type PdfNumber = number;

export type PdfArray = PdfObject[];

export class PdfDict {
  readonly map: Map<string, PdfObject>;

  constructor(
    entries?: Iterable<readonly [string, PdfObject]>,
    /** Where `<< … >>` stands in the file, when parsed from one. */
    readonly span?: Span,
  ) {
    this.map = new Map(entries);
  }

  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }

  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The value if it is a name, else undefined (no reference resolution). */
  name(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.name : undefined;
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The stream data as stored in the file (still encoded with its /Filter). */
    readonly data: Uint8Array,
    readonly span?: Span,
  ) {}
}

export type PdfObject =
  | null
  | boolean
  | PdfNumber
  | PdfName
  | PdfString
  | PdfRef
  | PdfArray
  | PdfDict
  | PdfStream;

export const isDict = (o: PdfObject | undefined): o is PdfDict => o instanceof PdfDict;
export const isStream = (o: PdfObject | undefined): o is PdfStream => o instanceof PdfStream;
export const isRef = (o: PdfObject | undefined): o is PdfRef => o instanceof PdfRef;
export const isName = (o: PdfObject | undefined, name?: string): o is PdfName =>
  o instanceof PdfName && (name === undefined || o.name === name);
export const isNumber = (o: PdfObject | undefined): o is number => typeof o === 'number';
export const isArray = (o: PdfObject | undefined): o is PdfArray => Array.isArray(o);
