// Object streams (ISO 32000-2 7.5.7): a header of N "objnum offset" pairs, objects from /First on.

import { Lexer } from './lexer.ts';
import type { PdfDict, PdfObject } from './objects.ts';
import { parseObjectAt } from './parser.ts';
import { malformed, PdfError } from './pdf-error.ts';

export class ObjectStream {
  private readonly parsed = new Map<number, PdfObject>();

  private constructor(
    private readonly data: Uint8Array,
    private readonly first: number,
    /** Object number and offset (relative to /First) of each stored object, by index. */
    readonly nums: Int32Array,
    private readonly offsets: Int32Array,
    private readonly maxDepth: number,
  ) {}

  /** Reads the header; /N and /First are checked against the decoded data so lies cannot overrun it. */
  static read(
    dict: PdfDict,
    data: Uint8Array,
    limits: { maxObjects: number; maxDepth: number },
  ): ObjectStream {
    const n = dict.get('N');
    const first = dict.get('First');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw malformed('object stream /N is invalid');
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > data.length) {
      throw malformed('object stream /First is invalid');
    }
    if (n > limits.maxObjects)
      throw new PdfError('ERR_PDF_TOO_COMPLEX', 'object stream holds too many objects');
    // Each pair needs at least 4 header bytes ("1 0 "), which bounds a lying /N.
    if (n * 4 > first + 1) throw malformed('object stream /N does not fit before /First');
    const nums = new Int32Array(n);
    const offsets = new Int32Array(n);
    const header = data.subarray(0, first);
    const lx = new Lexer(header, 0);
    for (let i = 0; i < n; i++) {
      lx.skipWhite();
      const num = lx.readUnsigned();
      lx.skipWhite();
      const off = lx.readUnsigned();
      if (num < 0 || off < 0 || num > 0x7fffffff || first + off >= data.length) {
        throw malformed(`object stream header entry ${i} is invalid`);
      }
      nums[i] = num;
      offsets[i] = off;
    }
    return new ObjectStream(data, first, nums, offsets, limits.maxDepth);
  }

  /** Object `num`, stored at `index` (the xref's hint; searched for when the hint is wrong). */
  get(num: number, index: number): PdfObject {
    let i = index;
    if (this.nums[i] !== num) {
      i = this.nums.indexOf(num);
      if (i < 0) throw malformed(`object ${num} is not in its object stream`);
    }
    const cached = this.parsed.get(i);
    if (cached !== undefined || this.parsed.has(i)) return cached as PdfObject;
    const { object } = parseObjectAt(this.data, this.first + this.offsets[i]!, {
      maxDepth: this.maxDepth,
      spans: false,
    });
    this.parsed.set(i, object);
    return object;
  }
}
