import type { Locale } from './locale-context.tsx';

// Names written once for both languages, Chinese first then English ("部门负责人审批 Head of unit"),
// as the default flows name their steps.
const BILINGUAL = /^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z][\x20-\x7e]*)$/;

/** The part of a "中文 English" name in the UI language; any other name as it is. */
export function nameIn(name: string, locale: Locale): string {
  const match = BILINGUAL.exec(name.trim());
  if (!match) return name;
  return (locale === 'zh-CN' ? match[1] : match[2])?.trim() ?? name;
}
