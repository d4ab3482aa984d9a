import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The origin the test browser reaches OpenSeal at (app.inject with this Host). */
export const APP_ORIGIN = 'http://127.0.0.1:8080';

/** The name=value of a cookie the response sets, or null. */
export function setCookie(res: { headers: Record<string, unknown> }, name: string): string | null {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  const found = all.map((c) => String(c).split(';', 1)[0] as string).find((c) => c.startsWith(`${name}=`));
  return found ?? null;
}

/**
 * Walks a browser through a provider's pages with fetch: follows redirects, keeps the provider's
 * cookies, and submits each HTML form it meets with `fields` filled in, until the provider sends
 * the browser back to OpenSeal. Returns that URL.
 */
export async function walkProviderPages(start: string, fields: Record<string, string>): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(APP_ORIGIN)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';', 1)[0] as string;
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') as string, url).toString();
      body = undefined;
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form on ${url} (${res.status}): ${html.slice(0, 300)}`);
    body = new URLSearchParams();
    for (const input of (form[2] as string).matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      body.set(name, fields[name] ?? /value="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    url = new URL(form[1] as string, url).toString();
  }
  throw new Error('the provider did not send the browser back');
}

/** A GET to OpenSeal as the test browser (Host APP_ORIGIN, the given cookies). */
export function browserGet(
  app: FastifyInstance,
  url: string,
  cookies: (string | null)[],
): Promise<LightMyRequestResponse> {
  const u = new URL(url, APP_ORIGIN);
  return app.inject({
    method: 'GET',
    url: `${u.pathname}${u.search}`,
    headers: { host: u.host, cookie: cookies.filter((c) => c !== null).join('; ') },
  });
}
