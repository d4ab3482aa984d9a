import { AppError } from '../../../errors.ts';
import type { ImAppsContext } from './im-apps-context.ts';

/**
 * One call to a vendor's API, answered as JSON. A network failure, a timeout or an answer that is not
 * JSON is ERR_IM_APP_VENDOR; the vendor's own error codes are the caller's to read.
 */
export async function vendorJson(
  ctx: Pick<ImAppsContext, 'fetch' | 'timeoutMs'>,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await ctx.fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(ctx.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new AppError('ERR_IM_APP_VENDOR', `vendor unreachable: ${(err as Error).message}`, ['unreachable']);
  }
  const body: unknown = await res.json().catch(() => null);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('ERR_IM_APP_VENDOR', `vendor answered ${res.status} without JSON`, [
      `http ${res.status}`,
    ]);
  return { status: res.status, body: body as Record<string, unknown> };
}

/** A vendor's refusal as ERR_IM_APP_VENDOR, naming its code (never the token or secret sent). */
export function vendorRefusal(what: string, code: unknown, message: unknown): AppError {
  return new AppError('ERR_IM_APP_VENDOR', `${what}: ${String(code)} ${String(message)}`, [
    `${what}: ${String(code)}`,
  ]);
}

/** The trimmed text of a JSON field, or null. */
export function textField(body: Record<string, unknown>, name: string): string | null {
  const v = body[name];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
