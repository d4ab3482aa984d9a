/**
 * A wait as a person says it, rounded up to whole minutes ("3 minutes", "3 分钟"): what a locked-out
 * user reads, where Retry-After gives machines the seconds. Unknown: "a few minutes".
 */
export function waitInWords(ms: number | undefined, language: 'en' | 'zh'): string {
  if (ms === undefined) return language === 'en' ? 'a few minutes' : '几分钟';
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (language === 'zh') return `${minutes} 分钟`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
