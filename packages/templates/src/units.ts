/** Points per millimetre (1 pt = 1/72 in, 1 in = 25.4 mm). */
export const MM = 72 / 25.4;
