import { App } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { saveBytes } from './save-bytes.ts';

/** Downloads a PDF from an API path as a named file; which one is busy, and a message when it fails. */
export function usePdfDownload(): {
  busy: string | null;
  download: (path: string, fileName: string) => Promise<void>;
} {
  const api = useApi();
  const locale = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  async function download(path: string, fileName: string) {
    setBusy(path);
    try {
      saveBytes(await api.getBytes(path), fileName);
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(null);
    }
  }
  return { busy, download };
}
