// CMS signatures made by some PDF tools are BER (X.690 8.1.3.6 indefinite lengths, 8.7 constructed
// strings). RFC 5652 allows BER outside the signed attributes, which are verified on their DER form
// (5.4), so re-encoding the transport layer as DER loses nothing the signature covers. Primitive
// contents (certificates, signature values) are copied byte for byte.

const MAX_DEPTH = 64;

/** DER re-encoding of a BER value, or undefined when it is not well-formed BER. */
export function berToDer(input: Uint8Array): Uint8Array | undefined {
  try {
    const { node, end } = read(input, 0, input.length, 0);
    for (let i = end; i < input.length; i++) if (input[i] !== 0) return undefined;
    return Uint8Array.from(encode(node));
  } catch {
    return undefined;
  }
}

interface BerNode {
  tag: number;
  /** Primitive contents, or children of a constructed value. */
  content: Uint8Array | BerNode[];
}

function read(b: Uint8Array, pos: number, limit: number, depth: number): { node: BerNode; end: number } {
  if (depth > MAX_DEPTH) throw new Error('too deep');
  const tag = b[pos++]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('high tag numbers are not used by CMS');
  if (pos >= limit) throw new Error('truncated');
  const first = b[pos++]!;
  const constructed = (tag & 0x20) !== 0;
  if (first === 0x80) {
    if (!constructed) throw new Error('indefinite length on a primitive value');
    const kids: BerNode[] = [];
    for (;;) {
      if (pos + 2 > limit) throw new Error('truncated');
      if (b[pos] === 0 && b[pos + 1] === 0) return { node: flatten(tag, kids), end: pos + 2 };
      const r = read(b, pos, limit, depth + 1);
      kids.push(r.node);
      pos = r.end;
    }
  }
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new Error('length too long');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos++]!;
  }
  const end = pos + len;
  if (end > limit) throw new Error('truncated');
  if (!constructed) return { node: { tag, content: b.subarray(pos, end) }, end };
  const kids: BerNode[] = [];
  while (pos < end) {
    const r = read(b, pos, end, depth + 1);
    kids.push(r.node);
    pos = r.end;
  }
  return { node: flatten(tag, kids), end };
}

/** X.690 10.2: DER strings are primitive; a constructed OCTET/BIT STRING becomes one primitive value. */
function flatten(tag: number, kids: BerNode[]): BerNode {
  if (tag !== 0x24 && tag !== 0x23) return { tag, content: kids };
  const parts = kids.map((k) => {
    if (Array.isArray(k.content)) throw new Error('nested constructed string');
    return tag === 0x23 && k !== kids[kids.length - 1] ? k.content.subarray(1) : k.content;
  });
  return { tag: tag & ~0x20, content: Buffer.concat(parts) };
}

function encode(node: BerNode): Buffer {
  const body = Array.isArray(node.content)
    ? Buffer.concat(node.content.map(encode))
    : Buffer.from(node.content);
  return Buffer.concat([Buffer.of(node.tag), length(body.length), body]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}
