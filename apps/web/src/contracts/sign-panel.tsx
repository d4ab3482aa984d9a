import {
  BorderOutlined,
  ClearOutlined,
  EditOutlined,
  FontSizeOutlined,
  LockOutlined,
} from '@ant-design/icons';
import {
  type ContractDetail,
  type ContractParty,
  type KeyCustody,
  MAX_SIGNATURE_IMAGE_BYTES,
  routes,
  type SignatureAppearance,
} from '@openseal/contract';
import { Alert, Button, Card, Checkbox, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useSession } from '../auth/session-context.tsx';
import { type LocaleValue, useLocale } from '../i18n/locale-context.tsx';
import { toBase64 } from './base64.ts';
import { NameSealSketch, nameSealFits, TypedNameSketch } from './name-seal-sketch.tsx';
import { PhoneHandoff } from './phone-handoff.tsx';
import { RealNameForm } from './real-name-form.tsx';
import {
  browserSignerKey,
  type SignerKey,
  type SigningStep,
  signContract,
  tokenSignerKey,
} from './sign-contract.ts';
import { type Stroke, signaturePng } from './signature-ink.ts';
import { SignaturePad } from './signature-pad.tsx';
import { browserCanSign, signerKey } from './signer-key.ts';
import { TokenHelperError, tokenHelper } from './token-client.ts';
import { TokenKeyPicker, tokenErrorText } from './token-key-picker.tsx';

/** A failure in this browser, before or after the server's part: said in the page's words. */
class LocalSigningError extends Error {
  constructor(readonly reason: 'noCrypto' | 'noInk' | 'inkTooLarge' | 'noTokenKey') {
    super(reason);
  }
}

function failureText(error: unknown, locale: LocaleValue): string {
  if (error instanceof LocalSigningError) return locale.t(`contracts.signProblem.${error.reason}`);
  if (error instanceof ApiError) return errorText(error, locale);
  if (error instanceof TokenHelperError) return tokenErrorText(error, locale);
  // WebCrypto or IndexedDB refused (a browser setting, a full disk): the browser's own words.
  return locale.t('contracts.signProblem.browser', {
    reason: error instanceof Error ? error.message : String(error),
  });
}

/** What the line under the button says about the key, by where it lives. */
const KEY_HINT = {
  browser: 'contracts.keyHint',
  token: 'contracts.keyHint.token',
  event: 'contracts.keyHint.event',
} as const satisfies Record<KeyCustody, string>;

/**
 * 签署: the person's own signature, drawn on the pad, or their name written over a signature line or as
 * a square name seal (人名章), after they say they have
 * read and agree, after a real-name check when the initiator asked for one. The key is the one the
 * initiator chose for them: made in this browser (it cannot
 * be exported and never leaves it), on their UKey through the helper on their computer, or an event
 * certificate the platform makes for this one signature.
 */
export function SignPanel({
  contract,
  party,
  username,
  onSigned,
  onChanged,
  onDecline,
}: {
  contract: ContractDetail;
  party: ContractParty;
  /** The signed-in account, whose key this browser keeps. */
  username: string;
  onSigned: (next: ContractDetail) => void;
  /** The contract after a step short of signing (the real-name check). */
  onChanged: (next: ContractDetail) => void;
  onDecline: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [kind, setKind] = useState<SignatureAppearance['kind']>('drawn');
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [consent, setConsent] = useState(false);
  const [step, setStep] = useState<SigningStep | null>(null);
  const custody: KeyCustody = party.custody ?? 'browser';
  // 实名认证 first, when the initiator asked for it: the server certifies no key before.
  const needsIdentity = party.identity === 'real-name' && party.identityVerified !== true;
  const helper = useMemo(() => (custody === 'token' ? tokenHelper() : null), [custody]);
  // Already on the phone a QR code opened: no further phone to move to.
  const { state } = useSession();
  const onPhone = state.status === 'signed-in' && state.user.contractScope !== undefined;
  const [tokenKeyId, setTokenKeyId] = useState<string | null>(null);

  const sign = useSubmit(async () => {
    try {
      if (custody === 'browser' && !browserCanSign()) throw new LocalSigningError('noCrypto');
      let appearance: SignatureAppearance;
      if (kind === 'drawn') {
        const png = await signaturePng(strokes);
        if (!png) throw new LocalSigningError('noInk');
        if (png.length > MAX_SIGNATURE_IMAGE_BYTES) throw new LocalSigningError('inkTooLarge');
        appearance = { kind: 'drawn', png: toBase64(png) };
      } else {
        appearance = { kind };
      }
      if (custody === 'event') {
        setStep('complete');
        const body = { appearance, consent: true } as const;
        onSigned(await api.call(routes.signWithEventCertificate, { params: { id: contract.id }, body }));
        return;
      }
      let key: SignerKey;
      if (custody === 'token') {
        if (!helper || !tokenKeyId) throw new LocalSigningError('noTokenKey');
        key = tokenSignerKey(helper, tokenKeyId);
      } else {
        setStep('key');
        key = browserSignerKey(await signerKey(username));
      }
      onSigned(await signContract(api, contract.id, key, appearance, setStep));
    } finally {
      setStep(null);
    }
  });

  const ready =
    consent && (kind !== 'drawn' || strokes.length > 0) && (custody !== 'token' || tokenKeyId !== null);

  return (
    <Card
      data-testid="contract-sign-panel"
      title={
        <Space>
          <EditOutlined />
          {t('contracts.signTitle')}
        </Space>
      }
      styles={{ header: { background: '#e6f4ff' } }}
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {needsIdentity ? (
          <RealNameForm contractId={contract.id} name={party.name} onChecked={onChanged} />
        ) : (
          <>
            <Segmented<SignatureAppearance['kind']>
              data-testid="contract-sign-kind"
              block
              value={kind}
              onChange={setKind}
              options={[
                { value: 'drawn', label: t('contracts.drawn'), icon: <EditOutlined /> },
                { value: 'typed', label: t('contracts.typed'), icon: <FontSizeOutlined /> },
                // The square seal holds four characters at most.
                ...(nameSealFits(party.name)
                  ? [
                      {
                        value: 'name-seal' as const,
                        label: t('contracts.nameSeal'),
                        icon: <BorderOutlined />,
                      },
                    ]
                  : []),
              ]}
            />
            {kind === 'drawn' ? (
              <div>
                <SignaturePad
                  strokes={strokes}
                  onStroke={(s) => setStrokes((all) => [...all, s])}
                  label={t('contracts.padLabel')}
                />
                <div
                  style={{
                    display: 'flex',
                    justifyContent: 'space-between',
                    alignItems: 'center',
                    marginTop: 4,
                  }}
                >
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('contracts.padHint')}
                  </Typography.Text>
                  <Button
                    size="small"
                    type="link"
                    icon={<ClearOutlined />}
                    data-testid="signature-clear"
                    disabled={strokes.length === 0}
                    onClick={() => setStrokes([])}
                  >
                    {t('contracts.clear')}
                  </Button>
                </div>
              </div>
            ) : (
              <div
                data-testid={kind === 'typed' ? 'contract-typed-preview' : 'contract-name-seal-preview'}
                style={{
                  border: '1px dashed #bfbfbf',
                  borderRadius: 8,
                  padding: '16px 12px',
                  textAlign: 'center',
                  background: '#fff',
                }}
              >
                {kind === 'typed' ? (
                  <TypedNameSketch name={party.name} />
                ) : (
                  <NameSealSketch name={party.name} />
                )}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t(kind === 'typed' ? 'contracts.typedHint' : 'contracts.nameSealHint')}
                </Typography.Text>
              </div>
            )}
            {helper && (
              <TokenKeyPicker
                helper={helper}
                keyLabel={`OpenSeal ${username}`}
                value={tokenKeyId}
                onChange={setTokenKeyId}
              />
            )}
            <Checkbox
              data-testid="contract-consent"
              checked={consent}
              onChange={(e) => setConsent(e.target.checked)}
            >
              {t('contracts.consent')}
            </Checkbox>
            {sign.error !== null && (
              <Alert
                data-testid="contract-sign-error"
                type="error"
                showIcon
                message={failureText(sign.error, locale)}
              />
            )}
            <Button
              type="primary"
              size="large"
              block
              data-testid="contract-sign"
              loading={sign.submitting}
              disabled={!ready}
              onClick={() => void sign.submit(undefined)}
            >
              {sign.submitting && step ? t(`contracts.signStep.${step}`) : t('contracts.sign')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <LockOutlined /> {t(KEY_HINT[custody])}
            </Typography.Text>
          </>
        )}
        {custody !== 'token' && !onPhone && (
          <PhoneHandoff contract={contract} partyId={party.id} onSigned={onSigned} />
        )}
        <Button danger block data-testid="contract-decline" disabled={sign.submitting} onClick={onDecline}>
          {t('contracts.decline')}
        </Button>
      </Space>
    </Card>
  );
}
