/** Device RGB components in 0..1. */
export type RgbColor = readonly [number, number, number];

/** What a seal looks like. Sizes are in millimetres, as they are printed on real seals. */
export type SealSpec =
  | {
      kind: 'round';
      /** Organisation name, on the upper arc (e.g. 示范大学). */
      orgName: string;
      /** Purpose line under the star (e.g. 成绩专用章); omitted for the plain 公章. */
      sealName?: string;
      /** Small text along the lower arc, usually the 13-digit seal code. */
      code?: string;
      /** Default 42. */
      diameterMm?: number;
      color?: RgbColor;
    }
  | {
      kind: 'oval';
      orgName: string;
      sealName?: string;
      code?: string;
      /** Default 45. */
      widthMm?: number;
      /** Default 30. */
      heightMm?: number;
      /** A thin second ring inside the border, as on some finance seals. Default false. */
      doubleRing?: boolean;
      color?: RgbColor;
    }
  | {
      kind: 'square';
      personName: string;
      /** Default 之印 for 2-character names, 印 for 3, nothing otherwise. */
      suffix?: string;
      /** Default 20. */
      sizeMm?: number;
      color?: RgbColor;
    }
  | {
      /** A typed name over a signature line, in the width the name needs. */
      kind: 'name';
      name: string;
      /** Default 7; 2 at least, for a date in a small box. */
      heightMm?: number;
      /** Default true: a thin signature line under the name. */
      line?: boolean;
      /** Default a dark blue ink. */
      color?: RgbColor;
    }
  | {
      kind: 'image';
      png?: Uint8Array;
      svg?: string;
      widthMm: number;
      /** Default: keep the image's aspect ratio. */
      heightMm?: number;
    };

/** Close to the red of seal ink (印泥) on paper. */
export const SEAL_RED: RgbColor = [0.85, 0.1, 0.1];

/** Close to the blue-black of a pen's ink. */
export const INK_BLUE: RgbColor = [0.08, 0.14, 0.45];

/** PDF user space unit: 1/72 inch. */
export const PT_PER_MM = 72 / 25.4;
