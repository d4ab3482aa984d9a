// The one table of API error codes: HTTP status and a zh/en message that says how to fix it.
// Callers match on `code`, never on message text (STYLE 2).

export interface ErrorCodeEntry {
  status: number;
  en: string;
  zh: string;
}

export const ERROR_CODES = {
  ERR_VALIDATION: {
    status: 400,
    en: 'The request does not match the API schema; correct the fields named in the details.',
    zh: '请求不符合接口定义，请按详情修正所列字段。',
  },
  ERR_NOT_FOUND: {
    status: 404,
    en: 'No such resource; check the address.',
    zh: '资源不存在，请检查地址。',
  },
  ERR_DB_UNAVAILABLE: {
    status: 503,
    en: 'The database cannot be reached; check DATABASE_URL and that the database is running.',
    zh: '无法连接数据库，请检查 DATABASE_URL 及数据库是否在运行。',
  },
  ERR_TSA_UNAVAILABLE: {
    status: 503,
    en: 'The time-stamping authority is not configured or failed; check the PKI set-up.',
    zh: '时间戳服务未配置或失败，请检查 PKI 配置。',
  },
  ERR_AUDIT_EMPTY: {
    status: 409,
    en: 'The audit log has no entries yet, so there is no head to timestamp.',
    zh: '审计日志尚无记录，无法对链头加盖时间戳。',
  },
  ERR_INTERNAL: {
    status: 500,
    en: 'An internal error occurred; quote the request id when reporting it.',
    zh: '服务器内部错误，报告问题时请提供请求编号。',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
