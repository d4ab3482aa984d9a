import { App } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { errorText } from '../api/error-text.ts';
import type { AddressArgs, ArgList, DownloadRoute, RouteArgList, RouteArgs } from '../api/route-types.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { saveBytes } from './save-bytes.ts';

/**
 * Downloads a PDF from a download route as a named file; `busy` is the address being fetched, and a
 * message shows when it fails.
 */
export function usePdfDownload<R extends DownloadRoute>(
  route: R,
): {
  busy: string | null;
  download: (args: RouteArgs<R>, fileName: string) => Promise<void>;
} {
  const api = useApi();
  const locale = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  async function download(args: RouteArgs<R>, fileName: string) {
    setBusy(apiUrl(route, ...([args] as ArgList<AddressArgs<R>>)));
    try {
      const { bytes } = await api.call(route, ...([args] as RouteArgList<R>));
      saveBytes(bytes, fileName);
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(null);
    }
  }
  return { busy, download };
}
