import type { TrueTypeFont } from '@openseal/common';
import type { FontFace } from './font-faces.ts';

// Per-document TrueType subset. Glyphs are renumbered in order of first use (new gid 0 = .notdef);
// the PDF text is encoded in these new ids (Identity-H, CIDToGIDMap /Identity, ISO 32000-2 9.7.4.2),
// so the subset stays compact however high the original ids are.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());
const hex4 = (n: number): string => HEX[n >> 8]! + HEX[n & 0xff]!;

export interface BuiltSubset {
  /** A complete TrueType font program for /FontFile2. */
  fontFile: Uint8Array;
  /** Advance widths per new gid, in 1/1000 em (for /W). */
  widths: number[];
  /** Unicode code point per new gid (0 where none, e.g. .notdef or composite components). */
  unicodes: number[];
  /** Six uppercase letters derived from the glyph set (ISO 32000-2 9.9.2). */
  tag: string;
}

export class FontSubset {
  readonly face: FontFace;
  private readonly oldToNew = new Map<number, number>([[0, 0]]);
  private readonly newToOld: number[] = [0];
  private readonly unicodes: number[] = [0];
  private readonly cpHex = new Map<number, string>();

  constructor(face: FontFace) {
    this.face = face;
  }

  get used(): boolean {
    return this.newToOld.length > 1;
  }

  /** Hex string of the new 2-byte glyph ids for these code points (throws for a missing glyph). */
  encode(codePoints: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < codePoints.length; i++) {
      const cp = codePoints[i]!;
      let h = this.cpHex.get(cp);
      if (h === undefined) {
        const gid = this.face.glyphId(cp);
        let n = this.oldToNew.get(gid);
        if (n === undefined) {
          n = this.add(gid);
          this.unicodes[n] = cp;
        }
        h = hex4(n);
        this.cpHex.set(cp, h);
      }
      out += h;
    }
    return out;
  }

  build(): BuiltSubset {
    const font = this.face.font;
    // Composite glyphs pull in their components (which may themselves be composite).
    for (let i = 0; i < this.newToOld.length; i++) {
      for (const c of font.glyph(this.newToOld[i]!).components) if (!this.oldToNew.has(c)) this.add(c);
    }
    const n = this.newToOld.length;
    const widths = new Array<number>(n);
    const scale = 1000 / font.unitsPerEm;
    for (let i = 0; i < n; i++) widths[i] = Math.round(font.advanceWidth(this.newToOld[i]!) * scale);
    for (let i = this.unicodes.length; i < n; i++) this.unicodes[i] = 0;
    return {
      fontFile: this.buildFontFile(font),
      widths,
      unicodes: this.unicodes.slice(0, n),
      tag: subsetTag(this.newToOld),
    };
  }

  private add(oldGid: number): number {
    const n = this.newToOld.length;
    this.oldToNew.set(oldGid, n);
    this.newToOld.push(oldGid);
    return n;
  }

  private buildFontFile(font: TrueTypeFont): Uint8Array {
    const n = this.newToOld.length;
    const glyphs = this.newToOld.map((g) => font.glyph(g));
    let glyfLength = 0;
    for (const g of glyphs) glyfLength += (g.data.length + 3) & ~3;
    const glyf = new Uint8Array(glyfLength);
    const loca = new Uint8Array(4 * (n + 1));
    const locaView = new DataView(loca.buffer);
    const hmtx = new Uint8Array(4 * n);
    const hmtxView = new DataView(hmtx.buffer);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const g = glyphs[i]!;
      locaView.setUint32(4 * i, at);
      glyf.set(g.data, at);
      for (let k = 0; k < g.componentOffsets.length; k++) {
        const newId = this.oldToNew.get(g.components[k]!)!;
        glyf[at + g.componentOffsets[k]!] = newId >> 8;
        glyf[at + g.componentOffsets[k]! + 1] = newId & 0xff;
      }
      at += (g.data.length + 3) & ~3;
      const old = this.newToOld[i]!;
      hmtxView.setUint16(4 * i, font.advanceWidth(old));
      hmtxView.setInt16(4 * i + 2, font.leftSideBearing(old));
    }
    locaView.setUint32(4 * n, at);

    const head = copyOf(font.tableBytes('head')!);
    const headView = new DataView(head.buffer);
    headView.setUint32(8, 0); // checkSumAdjustment, set below
    headView.setInt16(50, 1); // indexToLocFormat: long offsets
    const hhea = copyOf(font.tableBytes('hhea')!);
    new DataView(hhea.buffer).setUint16(34, n);
    const maxp = copyOf(font.tableBytes('maxp')!);
    new DataView(maxp.buffer).setUint16(4, n);

    // Hinting programs are kept when present (the glyph instructions may call them).
    const tables: [string, Uint8Array][] = [
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
    ];
    for (const tag of ['cvt ', 'fpgm', 'prep']) {
      const t = font.tableBytes(tag);
      if (t) tables.push([tag, t]);
    }
    tables.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return assembleSfnt(tables, head);
  }
}

function copyOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** The sfnt wrapper (OpenType 1.9 "Organization of an OpenType font") with table checksums. */
function assembleSfnt(tables: [string, Uint8Array][], head: Uint8Array): Uint8Array {
  const numTables = tables.length;
  let size = 12 + 16 * numTables;
  for (const [, t] of tables) size += (t.length + 3) & ~3;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 16 * 2 ** entrySelector;
  view.setUint32(0, 0x00010000);
  view.setUint16(4, numTables);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, numTables * 16 - searchRange);
  let offset = 12 + 16 * numTables;
  let headOffset = 0;
  tables.forEach(([tag, data], i) => {
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    out.set(data, offset);
    view.setUint32(rec + 4, checksum(out, offset, data.length));
    view.setUint32(rec + 8, offset);
    view.setUint32(rec + 12, data.length);
    if (data === head) headOffset = offset;
    offset += (data.length + 3) & ~3;
  });
  // head.checkSumAdjustment = 0xB1B0AFBA - checksum of the whole font.
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out, 0, out.length)) >>> 0);
  return out;
}

function checksum(bytes: Uint8Array, offset: number, length: number): number {
  let sum = 0;
  const end = offset + ((length + 3) & ~3);
  for (let i = offset; i < end; i += 4) {
    sum = (sum + ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!)) >>> 0;
  }
  return sum;
}

function subsetTag(gids: readonly number[]): string {
  let h = 0x811c9dc5;
  for (const g of gids) h = Math.imul(h ^ g, 0x01000193) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + Math.imul(i + 7, 0x9e3779b1);
    h >>>= 0;
  }
  return tag;
}
