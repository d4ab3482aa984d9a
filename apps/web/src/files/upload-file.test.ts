import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/api-client.ts';
import { uploadFile } from './upload-file.ts';

/** A fetch that records the URL and Content-Type of each call and answers as POST /api/uploads does. */
function uploads() {
  const sent: { url: string; contentType: string | undefined }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({ url, contentType: (init.headers as Record<string, string>)['content-type'] });
    return new Response(JSON.stringify({ id: `up-${sent.length}` }), {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { api: createApiClient(fetchFn), sent };
}

describe('uploadFile', () => {
  it('sends the file as itself, named in the query, and answers the reference a body names', async () => {
    const { api, sent } = uploads();
    const ref = await uploadFile(api, new File(['%PDF-1.7'], '合同 v2.pdf', { type: 'application/pdf' }));
    expect(ref).toEqual({ uploadId: 'up-1' });
    expect(sent).toEqual([
      { url: `/api/uploads?${new URLSearchParams({ name: '合同 v2.pdf' })}`, contentType: 'application/pdf' },
    ]);
  });

  it('types a file the browser left untyped by its extension, or as the page recognised it', async () => {
    const { api, sent } = uploads();
    await uploadFile(api, new File(['p12'], 'seal.P12'));
    await uploadFile(api, new File(['doc'], 'letter.doc', { type: 'application/octet-stream' }));
    await uploadFile(api, new File(['%PDF-1.7'], 'scan'), 'application/pdf');
    expect(sent.map((s) => s.contentType)).toEqual([
      'application/x-pkcs12',
      'application/msword',
      'application/pdf',
    ]);
  });
});
