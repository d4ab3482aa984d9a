/** Responses from a TSA or OCSP responder are a few KiB; anything far larger is refused unread. */
const MAX_RESPONSE_BYTES = 1 << 20;

export interface PostOptions {
  contentType: string;
  accept: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

/**
 * POSTs `body` and returns the response body of a 200 answer. Throws a plain Error naming what went
 * wrong (timeout, status, size); callers wrap it in their own error code.
 */
export async function postBinary(url: string, body: Uint8Array, opts: PostOptions): Promise<Uint8Array> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { ...opts.headers, 'content-type': opts.contentType, accept: opts.accept },
    signal: AbortSignal.timeout(opts.timeoutMs),
    redirect: 'error',
  });
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} from ${url}`);
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    throw new Error(`response of ${declared} bytes from ${url} is too large`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) throw new Error(`response from ${url} is too large`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
