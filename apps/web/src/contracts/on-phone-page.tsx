import { type RedeemedHandoff, routes } from '@openseal/contract';
import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ApiClient } from '../api/api-client.ts';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

/** The link being used on this page load: the page may mount twice, the link is used once. */
let redemption: { token: string; answer: Promise<RedeemedHandoff> } | null = null;

function redeemOnce(api: ApiClient): Promise<RedeemedHandoff> {
  const token = window.location.hash.slice(1);
  if (token && token !== redemption?.token) {
    redemption = { token, answer: api.call(routes.redeemContractHandoff, { body: { token } }) };
    // Out of the address bar and the history at once: a second use would only fail.
    window.history.replaceState(null, '', window.location.pathname);
  }
  return redemption?.answer ?? Promise.reject(new Error('no QR code link'));
}

/**
 * Where a contract's QR code lands on the phone: the link's fragment (never sent to a server's log)
 * is exchanged once for a session of this one contract, then the contract opens to be signed.
 */
export function OnPhonePage() {
  const api = useApi();
  const locale = useLocale();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the link is used once, on arrival
  useEffect(() => {
    let shown = true;
    redeemOnce(api)
      .then(async ({ contractId }) => {
        await refresh();
        if (shown) navigate(`/contracts/${contractId}`, { replace: true });
      })
      .catch((e: unknown) => shown && setError(e));
    return () => {
      shown = false;
    };
  }, []);

  if (error === null) return <Spin size="large" style={{ display: 'block', padding: 96 }} />;
  return (
    <div data-testid="contract-on-phone-failed">
      <Result
        status="warning"
        title={locale.t('contracts.onPhoneFailed')}
        subTitle={errorText(error, locale)}
      />
    </div>
  );
}
