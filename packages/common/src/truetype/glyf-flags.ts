// Flags of the OpenType 'glyf' table (OpenType 1.9, "glyf — Glyph Data").

// Simple glyphs: one flag byte per point.
export const ON_CURVE = 0x01;
export const X_SHORT = 0x02;
export const Y_SHORT = 0x04;
export const REPEAT = 0x08;
export const X_SAME_OR_POSITIVE = 0x10;
export const Y_SAME_OR_POSITIVE = 0x20;

// Composite glyphs: one flag word per component.
export const ARG_WORDS = 0x0001;
export const ARGS_ARE_XY = 0x0002;
export const HAVE_SCALE = 0x0008;
export const MORE_COMPONENTS = 0x0020;
export const HAVE_XY_SCALE = 0x0040;
export const HAVE_2X2 = 0x0080;
