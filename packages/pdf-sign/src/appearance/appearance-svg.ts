import type { Appearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';
import { PT_PER_MM } from './seal-spec.ts';

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

const hex = (c: number[]): string =>
  `#${c
    .map((v) =>
      Math.round(Math.min(1, Math.max(0, v)) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
const num = (n: number): string => String(Number(n.toFixed(4)));

interface State {
  ctm: Matrix;
  fill: string;
  stroke: string;
  lineWidth: number;
}

/**
 * The drawn seal as a standalone SVG, for previews in the console: the same paths the PDF
 * appearance paints, so the preview is what gets stamped. Reads only the operators the seal
 * builders write (q Q cm gs rg RG w m l c h re f S B); anything else is a programming error.
 * Image seals have no vector content: preview the uploaded image instead.
 */
export function appearanceSvg(app: Appearance): string {
  let svg = svgs.get(app);
  if (svg === undefined) {
    svg = toSvg(app);
    svgs.set(app, svg);
  }
  return svg;
}

/** Appearances are memoised per spec (buildSealAppearance), so their SVG is drawn once too. */
const svgs = new WeakMap<Appearance, string>();

function toSvg(app: Appearance): string {
  const tokens = Buffer.from(app.content).toString('latin1').split(/\s+/).filter(Boolean);
  const stack: State[] = [];
  let state: State = { ctm: [1, 0, 0, 1, 0, 0], fill: '#000000', stroke: '#000000', lineWidth: 1 };
  let operands: number[] = [];
  let d = '';
  const out: string[] = [];
  const paint = (fill: boolean, stroke: boolean) => {
    if (d) {
      const [a, b, c, dd, e, f] = state.ctm.map(num);
      out.push(
        `<path transform="matrix(${a} ${b} ${c} ${dd} ${e} ${f})" d="${d.trim()}" fill="${fill ? state.fill : 'none'}"` +
          (stroke ? ` stroke="${state.stroke}" stroke-width="${num(state.lineWidth)}"` : '') +
          '/>',
      );
    }
    d = '';
  };
  for (const token of tokens) {
    if (/^[-+.\d]/.test(token)) {
      operands.push(Number(token));
      continue;
    }
    const o = operands;
    operands = [];
    switch (token) {
      case 'q':
        stack.push({ ...state });
        break;
      case 'Q':
        state = stack.pop() ?? state;
        break;
      case 'cm':
        state.ctm = multiply(o as Matrix, state.ctm);
        break;
      case 'rg':
        state.fill = hex(o);
        break;
      case 'RG':
        state.stroke = hex(o);
        break;
      case 'w':
        state.lineWidth = o[0] ?? 1;
        break;
      case 'm':
      case 'l':
        d += `${token === 'm' ? 'M' : 'L'}${o.map(num).join(' ')} `;
        break;
      case 'c':
        d += `C${o.map(num).join(' ')} `;
        break;
      case 're': {
        const [x = 0, y = 0, w = 0, h = 0] = o;
        d += `M${num(x)} ${num(y)} h${num(w)} v${num(h)} h${num(-w)} Z `;
        break;
      }
      case 'h':
        d += 'Z ';
        break;
      case 'f':
        paint(true, false);
        break;
      case 'S':
        paint(false, true);
        break;
      case 'B':
        paint(true, true);
        break;
      case 'gs':
        break;
      default:
        if (token.startsWith('/')) break;
        throw new AppearanceError('ERR_SEAL_SPEC_INVALID', `cannot preview content operator ${token}`);
    }
  }
  const w = num(app.width);
  const h = num(app.height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(app.width / PT_PER_MM)}mm" height="${num(app.height / PT_PER_MM)}mm" viewBox="0 0 ${w} ${h}">` +
    `<g transform="matrix(1 0 0 -1 0 ${h})" style="mix-blend-mode:multiply">${out.join('')}</g></svg>`
  );
}
