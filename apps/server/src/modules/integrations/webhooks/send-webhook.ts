// One POST to a receiver, connected to the address the guard approved (no second DNS lookup), no
// redirects followed (a 3xx is an answer like any other), bounded in time and in what is read back.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './address-guard.ts';

export interface WebhookPost {
  url: URL;
  target: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type SendResult =
  | { statusCode: number; responseBody: string }
  | { statusCode: null; error: string; responseBody: null };

/** How much of an answer is kept in the delivery log. */
export const RESPONSE_BODY_LIMIT = 1000;

export function sendWebhook(post: WebhookPost): Promise<SendResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [post.target]);
    else callback(null, post.target.address, post.target.family);
  };
  const request = post.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      post.url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
        timeout: post.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_BODY_LIMIT * 4) chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            responseBody: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_LIMIT),
          }),
        );
        res.on('error', (e) => resolve({ statusCode: null, error: e.message, responseBody: null }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    req.on('error', (e) => resolve({ statusCode: null, error: e.message, responseBody: null }));
    req.end(post.body);
  });
}
