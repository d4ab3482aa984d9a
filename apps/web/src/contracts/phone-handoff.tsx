import { MobileOutlined } from '@ant-design/icons';
import { type ContractDetail, type ContractHandoff, routes } from '@openseal/contract';
import { Alert, Button, Modal, QRCode, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** How often the computer asks whether the phone has signed. */
const POLL_MS = 3_000;

/**
 * 手机签署: a QR code that continues this signature on the signer's phone (to draw the signature with a
 * finger, say). The phone that scans it within two minutes signs this one contract with a key of its
 * own; this page follows and shows the signed contract once the phone is done.
 */
export function PhoneHandoff({
  contract,
  partyId,
  onSigned,
}: {
  contract: ContractDetail;
  partyId: string;
  onSigned: (next: ContractDetail) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [handoff, setHandoff] = useState<ContractHandoff | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const start = useSubmit(async () => {
    setHandoff(await api.call(routes.startContractHandoff, { params: { id: contract.id } }));
  });

  useEffect(() => {
    if (!handoff) return;
    const timer = window.setInterval(async () => {
      setNow(Date.now());
      const next = await api.call(routes.getContract, { params: { id: contract.id } }).catch(() => null);
      const party = next?.parties.find((p) => p.id === partyId);
      if (next && (party?.status !== 'ready' || next.status !== 'signing')) {
        setHandoff(null);
        onSigned(next);
      }
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [api, contract.id, handoff, onSigned, partyId]);

  const expired = handoff !== null && Date.parse(handoff.expiresAt) <= now;
  return (
    <>
      <Button
        block
        icon={<MobileOutlined />}
        data-testid="contract-handoff"
        loading={start.submitting}
        onClick={() => void start.submit(undefined)}
      >
        {t('contracts.handoff')}
      </Button>
      {start.error !== null && (
        <Alert
          type="error"
          showIcon
          message={errorText(start.error, locale)}
          data-testid="contract-handoff-error"
        />
      )}
      <Modal
        open={handoff !== null}
        title={t('contracts.handoffTitle')}
        footer={null}
        onCancel={() => setHandoff(null)}
        destroyOnHidden
      >
        {handoff && (
          <Space
            direction="vertical"
            align="center"
            style={{ width: '100%' }}
            data-testid="contract-handoff-qr"
          >
            <QRCode
              type="svg"
              value={handoff.url}
              size={220}
              errorLevel="M"
              status={expired ? 'expired' : 'active'}
              onRefresh={() => void start.submit(undefined)}
            />
            <Typography.Text>{t('contracts.handoffHint')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('contracts.handoffOnce')}
            </Typography.Text>
          </Space>
        )}
      </Modal>
    </>
  );
}
