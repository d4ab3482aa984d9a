// A generic HTTP SMS gateway (docs/contracts.md, "SMS gateway"): POST {"to", "text"} as JSON with
// `Authorization: Bearer <secret>`; any 2xx is sent, and a JSON answer's `id` is its reference.
import type { SmsProvider } from './sms-provider.ts';

export interface HttpSmsOptions {
  url: string;
  secret: string;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Default 10 seconds. */
  timeoutMs?: number;
}

export function httpSmsProvider(opts: HttpSmsOptions): SmsProvider {
  const send = opts.fetch ?? fetch;
  return {
    name: 'http',
    async send(to, text) {
      let res: Response;
      try {
        res = await send(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.secret}` },
          body: JSON.stringify({ to, text }),
          redirect: 'error',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (e) {
        return { ok: false, error: `gateway unreachable: ${(e as Error).name}` };
      }
      const body = (await res.text().catch(() => '')).slice(0, 300);
      if (!res.ok) return { ok: false, error: `gateway answered ${res.status}: ${body}` };
      let reference = `http:${res.status}`;
      try {
        const id = (JSON.parse(body) as { id?: unknown }).id;
        if (typeof id === 'string' || typeof id === 'number') reference = String(id);
      } catch {
        // A gateway may answer plain text; the status is reference enough.
      }
      return { ok: true, reference };
    },
  };
}
