import type { RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/**
 * The form words and text are compared in: whitespace removed (pdf.js may split a word over lines
 * or items) and lower-cased, which folds Latin case and leaves Chinese as it is.
 */
export function matchForm(s: string): string {
  return s.replace(/\s+/gu, '').toLowerCase();
}

/** The listed words that occur in `text`, each once, in list order. */
export function matchSensitiveWords(text: string, words: readonly string[]): string[] {
  const haystack = matchForm(text);
  const found: string[] = [];
  for (const word of words) {
    const needle = matchForm(word);
    if (needle.length > 0 && haystack.includes(needle) && !found.includes(word)) found.push(word);
  }
  return found;
}

/** Sensitive words in a document's text; no finding when there is no text (not extracted). */
export function sensitiveWordsFinding(
  config: RiskRuleConfig<'sensitive-words'>,
  text: string | null,
  words: readonly string[],
  stage: 'approval' | 'stamping',
): RiskFinding | null {
  if (!config.enabled || text === null || words.length === 0) return null;
  const found = matchSensitiveWords(text, words);
  if (found.length === 0) return null;
  return {
    rule: 'sensitive-words',
    action: config.action,
    severity: 'high',
    details: { words: found, stage },
  };
}
