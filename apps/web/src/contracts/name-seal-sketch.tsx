// Sketches of the two name appearances the server draws for a signer who does not draw: the name
// over a signature line, and the square name seal (人名章). The server's drawing goes on the page.

/** The square seal holds a name of up to four characters. */
export const nameSealFits = (name: string): boolean => [...name.trim()].length <= 4;

/** The rows a name is set in on a square seal: two characters a row for four, one row otherwise. */
export function nameSealRows(name: string): string[] {
  const chars = [...name.trim()];
  if (chars.length === 4) return [chars.slice(0, 2).join(''), chars.slice(2).join('')];
  return [chars.join('')];
}

/** The name seal: red, square, the name in a serif face. */
export function NameSealSketch({ name, size = 88 }: { name: string; size?: number }) {
  const rows = nameSealRows(name);
  const [first, second] = rows;
  const longest = Math.max(1, ...rows.map((r) => [...r].length));
  return (
    <div
      data-testid="name-seal-sketch"
      style={{
        width: size,
        height: size,
        margin: '0 auto 8px',
        border: `${Math.round(size / 22)}px solid #d9262b`,
        borderRadius: 4,
        color: '#d9262b',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        alignItems: 'center',
        fontSize: Math.min(size * 0.36, (size * 0.8) / longest),
        lineHeight: 1.1,
        fontWeight: 600,
        fontFamily: "'Noto Serif SC', 'Noto Serif CJK SC', 'Songti SC', SimSun, serif",
        overflow: 'hidden',
        whiteSpace: 'nowrap',
      }}
    >
      <span>{first}</span>
      {second && <span>{second}</span>}
    </div>
  );
}

/** The name written over a signature line, in any script. */
export function TypedNameSketch({ name }: { name: string }) {
  return (
    <div
      data-testid="typed-name-sketch"
      style={{
        display: 'inline-block',
        minWidth: 160,
        maxWidth: '100%',
        margin: '4px auto 8px',
        padding: '0 12px 2px',
        borderBottom: '1px solid #595959',
        fontSize: 26,
        fontFamily: "'STKaiti', 'KaiTi', 'Kaiti SC', 'Noto Serif SC', serif",
        color: '#111',
        overflowWrap: 'anywhere',
      }}
    >
      {name}
    </div>
  );
}
