// ByteRange and /Contents checks over the raw bytes (ISO 32000-2 12.8.1): the checks that stop
// Universal Signature Forgery and Signature Wrapping (Mladenov et al., "1 Trillion Dollar Refund", 2019).

import { type PdfDict, type PdfObject, PdfString } from '../core/objects.ts';
import type { Revision } from '../core/xref.ts';
import type { Coverage, Problem } from './report.ts';

export type ByteRanges = readonly [number, number, number, number];

export interface ByteRangeCheck {
  /** Numerically sound ranges inside the file, so a digest can be computed (even if other checks fail). */
  ranges?: ByteRanges;
  /** Decoded /Contents (the CMS or timestamp token, maybe zero-padded). */
  contents?: Uint8Array;
  coverage: Coverage;
  /** The revision whose end (%%EOF) the signed bytes reach. */
  signedRevision?: number;
  problems: Problem[];
}

const problem = (code: string, message: string): Problem => ({ code, message });

export function checkByteRange(
  bytes: Uint8Array,
  sig: PdfDict,
  revisions: readonly Revision[],
): ByteRangeCheck {
  const problems: Problem[] = [];
  const contents = readContents(sig.get('Contents'), problems);
  const ranges = readRanges(sig.get('ByteRange'), bytes.length, problems);
  if (!ranges) return { coverage: 'partial', problems, contents: contents?.bytes };

  const [, len1, start2] = ranges;
  // 12.8.1: the only bytes left out are the /Contents value, delimiters included, of this very dictionary.
  if (contents?.span && (contents.span.start !== len1 || contents.span.end !== start2)) {
    problems.push(
      problem(
        'BYTE_RANGE_GAP',
        `the unsigned gap [${len1}, ${start2}) is not exactly this signature's /Contents ` +
          `[${contents.span.start}, ${contents.span.end}): bytes outside the signature value are unsigned`,
      ),
    );
  }

  const end = ranges[2] + ranges[3];
  const last = revisions[revisions.length - 1]!;
  let signedRevision: number | undefined;
  let coverage: Coverage;
  if (end === bytes.length || (end >= eofMarkerEnd(bytes, last) && onlyEol(bytes, end, bytes.length))) {
    coverage = 'entire-file';
    signedRevision = last.index;
  } else {
    signedRevision = revisions.find((r) => end >= eofMarkerEnd(bytes, r) && end <= r.endOffset)?.index;
    coverage = 'entire-revision';
    if (signedRevision === undefined) {
      problems.push(
        problem(
          'BYTE_RANGE_NOT_AT_REVISION_END',
          `the signed bytes end at offset ${end}, which is neither the end of the file nor the end (%%EOF) of a revision`,
        ),
      );
    }
  }
  if (problems.length > 0) coverage = 'partial';
  return { ranges, contents: contents?.bytes, coverage, signedRevision, problems };
}

function readContents(
  value: PdfObject | undefined,
  problems: Problem[],
): { bytes: Uint8Array; span?: { start: number; end: number } } | undefined {
  if (value === undefined) {
    problems.push(problem('CONTENTS_MISSING', 'the signature has no /Contents (no signature value at all)'));
    return undefined;
  }
  if (!(value instanceof PdfString)) {
    problems.push(
      problem('CONTENTS_NOT_STRING', '/Contents is not a direct string, so it cannot be the unsigned gap'),
    );
    return undefined;
  }
  if (!value.hex) {
    problems.push(problem('CONTENTS_NOT_HEX', '/Contents must be a hexadecimal string (12.8.1)'));
  }
  if (!value.span) {
    problems.push(
      problem(
        'CONTENTS_NOT_IN_FILE',
        'the signature dictionary is compressed, so /Contents has no place in the file',
      ),
    );
  }
  if (value.bytes.length === 0 || value.bytes.every((b) => b === 0)) {
    problems.push(problem('CONTENTS_EMPTY', '/Contents is empty: there is no signature value'));
  }
  return { bytes: value.bytes, span: value.span };
}

function readRanges(
  value: PdfObject | undefined,
  fileLength: number,
  problems: Problem[],
): ByteRanges | undefined {
  if (value === undefined) {
    problems.push(
      problem('BYTE_RANGE_MISSING', 'the signature has no /ByteRange: nothing of the file is signed'),
    );
    return undefined;
  }
  const ok =
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((v) => Number.isSafeInteger(v) && (v as number) >= 0);
  if (!ok) {
    problems.push(
      problem(
        'BYTE_RANGE_INVALID',
        '/ByteRange must be a direct array of exactly four non-negative integers',
      ),
    );
    return undefined;
  }
  const r = value as unknown as ByteRanges;
  const [start1, len1, start2, len2] = r;
  if (start1 !== 0) {
    problems.push(
      problem('BYTE_RANGE_NOT_FROM_START', `the signed bytes start at offset ${start1}, not at 0`),
    );
  }
  if (len1 === 0 || len2 === 0) {
    problems.push(problem('BYTE_RANGE_EMPTY_PART', 'a part of /ByteRange is empty'));
  }
  if (start1 + len1 > start2) {
    problems.push(problem('BYTE_RANGE_OVERLAP', 'the two signed ranges overlap or are out of order'));
  }
  if (start2 + len2 > fileLength) {
    problems.push(
      problem(
        'BYTE_RANGE_BEYOND_EOF',
        `/ByteRange reaches offset ${start2 + len2}, past the end of the file (${fileLength})`,
      ),
    );
    return undefined;
  }
  return problems.length === 0 || (start1 + len1 <= fileLength && start1 + len1 <= start2) ? r : undefined;
}

/** Offset just past the "%%EOF" of a revision (its endOffset also counts one EOL). */
function eofMarkerEnd(bytes: Uint8Array, rev: Revision): number {
  let p = rev.endOffset;
  while (p > 0 && (bytes[p - 1] === 0x0a || bytes[p - 1] === 0x0d)) p--;
  return p;
}

function onlyEol(bytes: Uint8Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (bytes[p] !== 0x0a && bytes[p] !== 0x0d) return false;
  return true;
}
