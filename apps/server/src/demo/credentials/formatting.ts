// How dates and money are written on Chinese and English certificates.

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** ISO date (YYYY-MM-DD) → parts, without time-zone drift. */
function parts(isoDate: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date: ${isoDate}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 2026年6月20日 */
export function dateZh(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${y}年${m}月${d}日`;
}

/** 20 June 2026 */
export function dateEn(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** 2026年6月 */
export function monthZh(iso: string): string {
  const { y, m } = parts(iso);
  return `${y}年${m}月`;
}

/** June 2026 */
export function monthEn(iso: string): string {
  const { y, m } = parts(iso);
  return `${MONTHS_EN[m - 1]} ${y}`;
}

/** 12,345.60 */
export function yuan(amount: number): string {
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SECTION_UNITS = ['', '拾', '佰', '仟'];

function sectionUpper(n: number): string {
  let out = '';
  let pendingZero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const digit = Math.floor(n / 10 ** pos) % 10;
    if (digit === 0) {
      pendingZero = out !== '';
      continue;
    }
    out += `${pendingZero ? '零' : ''}${DIGITS[digit]}${SECTION_UNITS[pos]}`;
    pendingZero = false;
  }
  return out;
}

/**
 * The amount in capital numerals as written on financial documents (中文大写金额), for
 * 0 < amount < 100,000,000 yuan: 12345.6 → 壹万贰仟叁佰肆拾伍元陆角整.
 * 支付结算办法 附一: "零" where a zero digit is skipped; "整" after 元 or 角 when nothing follows.
 */
export function yuanUppercase(amount: number): string {
  const cents = Math.round(amount * 100);
  if (cents <= 0 || cents >= 1e10) throw new RangeError(`amount out of range: ${amount}`);
  const integer = Math.floor(cents / 100);
  const jiao = Math.floor(cents / 10) % 10;
  const fen = cents % 10;
  const high = Math.floor(integer / 10000);
  const low = integer % 10000;
  let out = '';
  if (high > 0) out += `${sectionUpper(high)}万`;
  if (low > 0) out += `${high > 0 && low < 1000 ? '零' : ''}${sectionUpper(low)}`;
  if (integer > 0) out += '元';
  if (jiao === 0 && fen === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (integer > 0) out += '零';
  return fen > 0 ? `${out}${DIGITS[fen]}分` : `${out}整`;
}
