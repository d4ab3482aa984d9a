// Who references whom in one revision view. Needed to judge later revisions: an object that was a
// dangling reference when signed and is defined later changes what the signed objects mean, and an
// appearance replaced in one field must not also be drawn somewhere else (pyHanko's reference tracker).

import type { PdfDocument } from '../core/document.ts';
import { PdfDict, type PdfObject, PdfRef, PdfStream } from '../core/objects.ts';

export interface Referrer {
  /** Object number of the referring object, or 'trailer'. */
  readonly from: number | 'trailer';
  /** First key (or index) under which the reference sits, for messages. */
  readonly key: string;
}

export class ReferenceIndex {
  private readonly reverse = new Map<number, Referrer[]>();

  private constructor(readonly view: PdfDocument) {}

  /** Reads every object of the view once; unreadable objects reference nothing. */
  static build(view: PdfDocument): ReferenceIndex {
    const index = new ReferenceIndex(view);
    const ownTrailer = view.revisions[view.revisions.length - 1]!.trailer;
    for (const t of [view.trailer, ownTrailer]) {
      for (const [key, value] of t.map) {
        if (key !== 'Prev' && key !== 'XRefStm' && (t === view.trailer || !view.trailer.has(key))) {
          index.collect(value, 'trailer', `/${key}`);
        }
      }
    }
    for (const num of view.objectNumbers()) {
      let obj: PdfObject | undefined;
      try {
        obj = view.getObject(num);
      } catch {
        continue;
      }
      // Cross-reference and object streams (7.5.7, 7.5.8) are containers, not content that refers.
      if (
        obj instanceof PdfStream &&
        (obj.dict.name('Type') === 'XRef' || obj.dict.name('Type') === 'ObjStm')
      )
        continue;
      index.collect(obj instanceof PdfStream ? obj.dict : obj, num, '');
    }
    return index;
  }

  referrers(num: number): readonly Referrer[] {
    return this.reverse.get(num) ?? [];
  }

  /** Referenced object numbers that this view does not define. */
  *dangling(): Iterable<[number, readonly Referrer[]]> {
    for (const [num, refs] of this.reverse) {
      const entry = this.view.locate(num);
      if (!entry || entry.type === 'free') yield [num, refs];
    }
  }

  private collect(obj: PdfObject | undefined, from: number | 'trailer', key: string): void {
    if (obj instanceof PdfRef) {
      let list = this.reverse.get(obj.num);
      if (!list) {
        list = [];
        this.reverse.set(obj.num, list);
      }
      list.push({ from, key });
    } else if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) this.collect(obj[i], from, key || `[${i}]`);
    } else if (obj instanceof PdfDict) {
      for (const [k, v] of obj.map) this.collect(v, from, key || `/${k}`);
    }
  }
}
