// A record's subject is a person's username here (student or staff number). It names files (the
// batch ZIP's entries), appears in URLs and pages, so it must be a plain name: no path parts, no
// control characters, no markup.

const FORBIDDEN = /[/\\<>\u0000-\u001f\u007f]/;

/** Why `subject` cannot name a person, or null when it can. */
export function subjectProblem(subject: string): string | null {
  if (subject !== subject.trim()) return 'must not start or end with spaces';
  if (FORBIDDEN.test(subject)) return 'must not contain /, \\, <, > or control characters';
  if (subject.includes('..')) return 'must not contain ".."';
  return null;
}
