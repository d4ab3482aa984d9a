import type { FontFace } from './font-faces.ts';
import type { BuiltSubset } from './font-subset.ts';
import type { PdfWriter } from './pdf-writer.ts';

// A subset font as PDF objects: Type0 / CIDFontType2 / Identity-H with CIDToGIDMap /Identity
// (ISO 32000-2 9.7.4), /W widths, FontFile2 and a ToUnicode CMap (9.10.3) so text stays extractable.

/** Writes the font objects and returns the Type0 font's object number. */
export function writeFont(pdf: PdfWriter, face: FontFace, subset: BuiltSubset): number {
  const font = face.font;
  const scale = 1000 / font.unitsPerEm;
  const baseFont = `/${subset.tag}+${font.postScriptName}`;
  const [type0, cidFont, descriptor, fontFile, toUnicode] = [
    pdf.allocate(),
    pdf.allocate(),
    pdf.allocate(),
    pdf.allocate(),
    pdf.allocate(),
  ];
  pdf.object(
    type0,
    `<</Type/Font/Subtype/Type0/BaseFont${baseFont}/Encoding/Identity-H/DescendantFonts[${cidFont} 0 R]/ToUnicode ${toUnicode} 0 R>>`,
  );
  pdf.object(
    cidFont,
    `<</Type/Font/Subtype/CIDFontType2/BaseFont${baseFont}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor ${descriptor} 0 R/DW 1000/W[0[${subset.widths.join(' ')}]]/CIDToGIDMap/Identity>>`,
  );
  const bbox = font.bbox.map((v) => Math.round(v * scale)).join(' ');
  // Flags 6 = serif (bit 2) + symbolic (bit 3): the glyphs are addressed by id, not a standard encoding.
  pdf.object(
    descriptor,
    `<</Type/FontDescriptor/FontName${baseFont}/Flags 6/FontBBox[${bbox}]/ItalicAngle 0/Ascent ${Math.round(font.ascender * scale)}/Descent ${Math.round(font.descender * scale)}/CapHeight ${Math.round(font.capHeight * scale)}/StemV 80/FontFile2 ${fontFile} 0 R>>`,
  );
  pdf.flateStream(fontFile, `/Length1 ${subset.fontFile.length}`, subset.fontFile, 'glyphs');
  pdf.flateStream(toUnicode, '', Buffer.from(toUnicodeCMap(subset.unicodes), 'latin1'));
  return type0;
}

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return cp.toString(16).padStart(4, '0');
  const v = cp - 0x10000;
  return ((0xd800 | (v >> 10)).toString(16) + (0xdc00 | (v & 0x3ff)).toString(16)).padStart(8, '0');
}

function toUnicodeCMap(unicodes: readonly number[]): string {
  const entries: string[] = [];
  unicodes.forEach((cp, gid) => {
    if (cp) entries.push(`<${gid.toString(16).padStart(4, '0')}><${utf16Hex(cp)}>`);
  });
  let body = '';
  // At most 100 entries per beginbfchar block (Adobe TN 5411).
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar\n`;
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def
/CMapName/Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><FFFF>
endcodespacerange
${body}endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}
