import type { SealAppearanceSpec } from '@openseal/contract';
import { useId } from 'react';

const RED = '#d9262b';
const SONG = "'Noto Serif SC', 'Source Han Serif SC', 'Songti SC', SimSun, serif";

/** A point on an ellipse centred at (cx, cy), angle in degrees counter-clockwise from +x (y down). */
const at = (cx: number, cy: number, rx: number, ry: number, deg: number) => {
  const rad = (deg * Math.PI) / 180;
  return `${(cx + rx * Math.cos(rad)).toFixed(2)} ${(cy - ry * Math.sin(rad)).toFixed(2)}`;
};

/** Five-pointed star centred at (cx, cy) with outer radius r. */
function star(cx: number, cy: number, r: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.382;
    points.push(at(cx, cy, radius, radius, 90 + i * 36));
  }
  return points.join(' ');
}

function Ring({ spec }: { spec: Extract<SealAppearanceSpec, { kind: 'round' | 'oval' }> }) {
  const id = useId();
  const oval = spec.kind === 'oval';
  const [w, h] = oval ? [100, 67] : [100, 100];
  const cx = w / 2;
  const cy = h / 2;
  const [rx, ry] = [w / 2 - 3, h / 2 - 3];
  // Text runs inside the border, over the top from lower left to lower right (about 240°).
  const [tx, ty] = [rx - 10, ry - 10];
  const top = `M ${at(cx, cy, tx, ty, 210)} A ${tx} ${ty} 0 1 1 ${at(cx, cy, tx, ty, -30)}`;
  const [bx, by] = [rx - 6, ry - 6];
  const bottom = `M ${at(cx, cy, bx, by, 215)} A ${bx} ${by} 0 0 0 ${at(cx, cy, bx, by, 325)}`;
  const chars = Math.max(spec.orgName.length, 1);
  const size = Math.min(oval ? 9 : 12, (tx * 3.6) / chars);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={spec.orgName}>
      <ellipse cx={cx} cy={cy} rx={rx} ry={ry} fill="none" stroke={RED} strokeWidth={oval ? 2 : 2.8} />
      <path id={`${id}-top`} d={top} fill="none" />
      <path id={`${id}-bottom`} d={bottom} fill="none" />
      <text fill={RED} fontFamily={SONG} fontSize={size} fontWeight={700}>
        <textPath href={`#${id}-top`} startOffset="50%" textAnchor="middle">
          {spec.orgName}
        </textPath>
      </text>
      {!oval && <polygon points={star(cx, cy, 15)} fill={RED} />}
      {spec.sealName && (
        <text
          x={cx}
          y={oval ? cy + 5 : cy + 28}
          fill={RED}
          fontFamily={SONG}
          fontSize={oval ? 8 : 8.5}
          fontWeight={700}
          textAnchor="middle"
        >
          {spec.sealName}
        </text>
      )}
      {spec.code && (
        <text fill={RED} fontFamily="monospace" fontSize={4.5}>
          <textPath href={`#${id}-bottom`} startOffset="50%" textAnchor="middle">
            {spec.code}
          </textPath>
        </text>
      )}
    </svg>
  );
}

function Square({ spec }: { spec: Extract<SealAppearanceSpec, { kind: 'square' }> }) {
  // A name seal reads in columns, right to left: 张三 之印 → 张 三 / 之 印.
  const chars = [...`${spec.personName}${spec.suffix ?? ''}`].slice(0, 8);
  const columns = Math.max(1, Math.ceil(chars.length / 2));
  const cell = 84 / columns;
  // Grid positions (column from the right, row from the top) are the cells' identity.
  const cells = chars.map((ch, i) => ({ ch, col: Math.floor(i / 2), row: i % 2 }));
  return (
    <svg viewBox="0 0 100 100" width="100%" role="img" aria-label={spec.personName}>
      <rect x={4} y={4} width={92} height={92} fill="none" stroke={RED} strokeWidth={4} />
      {cells.map(({ ch, col, row }) => (
        <text
          key={`${col}:${row}`}
          x={92 - cell * col - cell / 2}
          y={8 + 42 * row + 35}
          fill={RED}
          fontFamily={SONG}
          fontWeight={700}
          fontSize={Math.min(38, cell * 0.9)}
          textAnchor="middle"
        >
          {ch}
        </text>
      ))}
    </svg>
  );
}

/**
 * A sketch of a drawn seal while it is being designed, so texts that are too long show at once. The
 * real impression is drawn by the server (routes.sealImage) once the seal exists.
 */
export function SealSketch({ spec }: { spec: SealAppearanceSpec }) {
  if (spec.kind === 'round' || spec.kind === 'oval') return <Ring spec={spec} />;
  if (spec.kind === 'square') return <Square spec={spec} />;
  return null;
}
