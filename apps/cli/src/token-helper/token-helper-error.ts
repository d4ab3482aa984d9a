// The token helper's refusals: one code each, with the HTTP status it answers and a fixed Chinese
// message beside the English one (STYLE 2). The page branches on `code`, never on the text.
import { OpenSealError } from '@openseal/common';

const CODES = {
  /** No (initialised) token with the expected label is plugged in, or it was pulled out mid-way. */
  ERR_TOKEN_ABSENT: { status: 503, messageZh: '未检测到 UKey：请插入 UKey 后重试。' },
  /** Several tokens are plugged in and no --token chooses one. */
  ERR_TOKEN_AMBIGUOUS: { status: 503, messageZh: '插着多个 UKey：请用 --token 指定要使用的那一个。' },
  ERR_TOKEN_PIN_INCORRECT: {
    status: 401,
    messageZh: 'UKey 拒绝了 PIN：请用正确的 PIN 重新启动签名助手。',
  },
  ERR_TOKEN_PIN_LOCKED: { status: 423, messageZh: 'UKey 的 PIN 已锁定：请联系 UKey 的发放单位解锁。' },
  ERR_TOKEN_KEY_UNKNOWN: { status: 404, messageZh: 'UKey 中没有这个密钥。' },
  ERR_TOKEN_KEY_EXISTS: { status: 409, messageZh: 'UKey 中已有同名密钥：请换一个名称。' },
  /** The token refused an operation for a reason other than the ones above. */
  ERR_TOKEN_FAILED: { status: 502, messageZh: 'UKey 未能完成操作。' },
  ERR_TOKEN_INPUT_INVALID: { status: 400, messageZh: '请求内容有误。' },
  ERR_TOKEN_DATA_TOO_LARGE: { status: 413, messageZh: '待签数据过大。' },
  ERR_TOKEN_CONTENT_TYPE: { status: 415, messageZh: '请求须为 JSON（Content-Type: application/json）。' },
  ERR_TOKEN_ROUTE_UNKNOWN: { status: 404, messageZh: '签名助手没有这个接口。' },
  ERR_TOKEN_ORIGIN_FORBIDDEN: { status: 403, messageZh: '签名助手不接受来自这个网站的请求。' },
  ERR_TOKEN_HOST_FORBIDDEN: { status: 403, messageZh: '签名助手只接受发往 127.0.0.1 或 localhost 的请求。' },
  /** A defect of the helper itself; its stderr has the details. */
  ERR_TOKEN_INTERNAL: { status: 500, messageZh: '签名助手内部错误。' },
} as const satisfies Record<string, { status: number; messageZh: string }>;

export type TokenHelperCode = keyof typeof CODES;

export class TokenHelperError extends OpenSealError<TokenHelperCode> {
  get status(): number {
    return CODES[this.code].status;
  }

  get messageZh(): string {
    return CODES[this.code].messageZh;
  }
}
