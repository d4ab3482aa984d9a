import type { ErrorObject } from 'ajv';

// What is wrong with a cell, in the words a registrar reads, in English and Chinese. The column is
// named beside the message (RecordProblem.column), so messages do not repeat it.

export interface ProblemText {
  message: string;
  messageZh: string;
}

export const PROBLEM_TEXT = {
  required: { message: 'is required', messageZh: '必填，不能为空' },
  notAField: {
    message: 'is not a field of this credential type',
    messageZh: '该凭证类型没有这一列，请按下载的模板填写列名',
  },
  notATableColumn: {
    message: 'is not a column of a table field of this credential type',
    messageZh: '该凭证类型的表格中没有这一列，请按下载的模板填写列名',
  },
  twice: { message: 'the column appears twice', messageZh: '这一列出现了两次' },
  missing: { message: 'the column is missing', messageZh: '缺少这一列' },
  requiredMissing: {
    message: 'the column for this required field is missing',
    messageZh: '缺少这一必填列',
  },
} as const satisfies Record<string, ProblemText>;

/** Why a subject cannot name a person (subject-rule.ts says which rule, in English). */
export function subjectText(reason: string): ProblemText {
  return {
    message: reason,
    messageZh: '学号/工号不能以空格开头或结尾，也不能含 /、\\、<、>、“..”或控制字符',
  };
}

export function tableText(label: string): ProblemText {
  return {
    message: `is a table: fill it with one row per item, in columns such as ${label}.<column>`,
    messageZh: `这是表格字段：每项占一行，按模板填写“${label}.<列名>”这样的列`,
  };
}

export function ambiguousText(names: readonly string[]): ProblemText {
  return {
    message: `names more than one column (${names.join(', ')}); use one of these names`,
    messageZh: `同时对应多列（${names.join('、')}），请改用其中一个列名`,
  };
}

export function differsText(row: number): ProblemText {
  return {
    message: `differs from row ${row} for the same subject`,
    messageZh: `与第 ${row} 行（同一人）的值不一致`,
  };
}

/** A pattern in words where it is one of the common shapes (digits, decimals), else null. */
function patternWords(pattern: string): ProblemText | null {
  let m = /^\^\\d\{(\d+)\}\$$/.exec(pattern);
  if (m) return { message: `must be ${m[1]} digits`, messageZh: `须为 ${m[1]} 位数字` };
  m = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(pattern);
  if (m) return { message: `must be ${m[1]} to ${m[2]} digits`, messageZh: `须为 ${m[1]}–${m[2]} 位数字` };
  m = /^\^\\d\+\\\.\\d(?:\{(\d+)\})?\$$/.exec(pattern);
  if (m) {
    const places = Number(m[1] ?? 1);
    const example = `3.${'0'.repeat(places)}`;
    return {
      message: `must be a number with ${places} decimal place${places > 1 ? 's' : ''}, such as ${example}`,
      messageZh: `须为保留 ${places} 位小数的数字，如 ${example}`,
    };
  }
  return null;
}

const TYPE_ZH: Record<string, string> = {
  string: '文字',
  number: '数字',
  integer: '整数',
  boolean: '是/否',
  array: '表格',
  object: '对象',
};

/** An Ajv error other than `required` / `additionalProperties`, in both languages. */
export function schemaErrorText(e: ErrorObject): ProblemText {
  const params = e.params as Record<string, unknown>;
  const en = e.message ?? 'is invalid';
  switch (e.keyword) {
    case 'pattern':
      return patternWords(String(params['pattern'])) ?? { message: en, messageZh: `格式不符合要求（${en}）` };
    case 'minLength':
      return Number(params['limit']) <= 1
        ? { message: 'must not be empty', messageZh: '不能为空' }
        : { message: en, messageZh: `至少 ${params['limit']} 个字符` };
    case 'maxLength':
      return { message: en, messageZh: `最多 ${params['limit']} 个字符` };
    case 'minItems':
      return {
        message: `needs at least ${params['limit']} row(s)`,
        messageZh: `至少需要 ${params['limit']} 行`,
      };
    case 'maxItems':
      return { message: en, messageZh: `最多 ${params['limit']} 行` };
    case 'minimum':
      return { message: en, messageZh: `不能小于 ${params['limit']}` };
    case 'maximum':
      return { message: en, messageZh: `不能大于 ${params['limit']}` };
    case 'type': {
      const type = String(params['type']);
      return { message: en, messageZh: `须为${TYPE_ZH[type] ?? type}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined)?.map(String) ?? [];
      return {
        message: `must be one of: ${allowed.join(', ')}`,
        messageZh: `只能是以下之一：${allowed.join('、')}`,
      };
    }
    case 'format':
      return { message: en, messageZh: `格式不符合要求（${String(params['format'])}）` };
    default:
      return { message: en, messageZh: `不符合要求（${en}）` };
  }
}
