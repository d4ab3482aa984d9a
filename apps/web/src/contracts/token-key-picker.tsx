import { PlusOutlined, ReloadOutlined, UsbOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { type LocaleValue, useLocale } from '../i18n/locale-context.tsx';
import { type TokenHelper, TokenHelperError, type TokenHelperInfo } from './token-client.ts';

/** The helper's own words in the page's language; the two failures the page itself names, in ours. */
export function tokenErrorText(error: unknown, { locale, t }: Pick<LocaleValue, 'locale' | 't'>): string {
  if (!(error instanceof TokenHelperError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'ERR_TOKEN_HELPER_UNREACHABLE') return t('contracts.token.unreachable');
  if (error.code === 'ERR_TOKEN_HELPER_RESPONSE') return t('contracts.token.badResponse');
  return locale === 'zh-CN' && error.messageZh ? error.messageZh : error.message;
}

/**
 * The signer's UKey through the helper on their computer: which token is in, the keys on it (one is
 * chosen for them when there is only one), and a new key made inside it when there is none.
 */
export function TokenKeyPicker({
  helper,
  keyLabel,
  value,
  onChange,
}: {
  helper: TokenHelper;
  /** The label a new key gets on the token. */
  keyLabel: string;
  value: string | null;
  onChange: (keyId: string | null) => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const [info, setInfo] = useState<TokenHelperInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const connect = useCallback(
    async (choose?: string) => {
      setBusy(true);
      setError(null);
      try {
        const found = await helper.info();
        setInfo(found);
        // Keys with a public half can be certified; one such key is the obvious choice.
        const usable = found.keys.filter((k) => k.spkiSha256 !== null);
        onChange(choose ?? (usable.length === 1 ? (usable[0]?.id ?? null) : null));
      } catch (e) {
        setInfo(null);
        setError(e);
        onChange(null);
      } finally {
        setBusy(false);
      }
    },
    [helper, onChange],
  );

  useEffect(() => {
    void connect();
  }, [connect]);

  async function createKey() {
    setBusy(true);
    try {
      const made = await helper.createKey(keyLabel);
      await connect(made.id);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  if (!info && busy) return <Spin size="small" data-testid="token-connecting" />;
  if (error !== null && !info) {
    return (
      <Alert
        data-testid="token-error"
        type="warning"
        showIcon
        message={tokenErrorText(error, locale)}
        action={
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void connect()}>
            {t('contracts.token.retry')}
          </Button>
        }
      />
    );
  }
  if (!info) return null;
  const keys = info.keys.filter((k) => k.spkiSha256 !== null);
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="token-picker">
      <Typography.Text>
        <UsbOutlined /> {info.token.label}
        <Typography.Text type="secondary">
          {' '}
          ({info.token.manufacturer} {info.token.model})
        </Typography.Text>
      </Typography.Text>
      {error !== null && <Alert type="error" showIcon message={tokenErrorText(error, locale)} />}
      {keys.length > 0 && (
        <Select
          data-testid="token-key"
          style={{ width: '100%' }}
          placeholder={t('contracts.token.chooseKey')}
          value={value}
          onChange={onChange}
          options={keys.map((k) => ({ value: k.id, label: `${k.label} · ${k.keyType.toUpperCase()}` }))}
        />
      )}
      <Button size="small" icon={<PlusOutlined />} loading={busy} onClick={() => void createKey()}>
        {t(keys.length === 0 ? 'contracts.token.createFirstKey' : 'contracts.token.createKey')}
      </Button>
    </Space>
  );
}
