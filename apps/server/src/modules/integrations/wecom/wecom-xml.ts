/**
 * The flat XML WeChat Work sends (one <xml> element of leaf elements, text in CDATA or plain): each
 * leaf's text by name. Nested or repeated elements are not part of the events handled here.
 */
export function wecomXmlFields(xml: string): Map<string, string> {
  const fields = new Map<string, string>();
  const leaf = /<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (const m of xml.matchAll(leaf)) {
    const name = m[1] as string;
    if (!fields.has(name)) fields.set(name, m[2] ?? unescapeXml(m[3] ?? ''));
  }
  return fields;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
