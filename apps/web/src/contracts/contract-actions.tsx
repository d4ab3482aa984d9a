import { CheckOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { type ContractDetail, routes } from '@openseal/contract';
import { Alert, App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { contractChoices } from './contract-choices.ts';
import { ReasonModal } from './reason-modal.tsx';
import { SignPanel } from './sign-panel.tsx';

type Ending = 'decline' | 'void' | 'propose';

/** The words of each act that ends a contract (or proposes to), and of its reason dialog. */
const ASK = {
  decline: { title: 'contracts.declineTitle', warning: 'contracts.declineWarning', ok: 'contracts.decline' },
  void: { title: 'contracts.voidTitle', warning: 'contracts.voidWarning', ok: 'contracts.void' },
  propose: {
    title: 'contracts.proposeVoidTitle',
    warning: 'contracts.proposeVoidWarning',
    ok: 'contracts.proposeVoid',
  },
} as const;
const DONE = {
  decline: 'contracts.declined',
  void: 'contracts.voided',
  propose: 'contracts.voidProposedDone',
} as const;

/**
 * The contract's actions: sign (or decline) for oneself, stamp for an organisation with its seal, void
 * the whole contract as its initiator (once completed, by a proposal each person party agrees to),
 * and agree to such a proposal. Each answers with the contract as it now stands.
 */
export function ContractActions({
  contract,
  username,
  onChanged,
}: {
  contract: ContractDetail;
  username: string;
  onChanged: (next: ContractDetail) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [asking, setAsking] = useState<Ending | null>(null);
  const { person, organizations, voiding, agreeing } = contractChoices(contract);
  const params = { id: contract.id };

  const seal = useSubmit(async (partyId: string) => {
    const next = await api.call(routes.sealContract, { params, body: { partyId } });
    void message.success(t('contracts.sealed'));
    onChanged(next);
  });

  const agree = useSubmit(async () => {
    const next = await api.call(routes.agreeVoidContract, { params });
    void message.success(t('contracts.voidAgreed'));
    onChanged(next);
  });

  async function end(kind: Ending, reason: string) {
    // Voiding and proposing are one route: the server tells them apart by the contract's status.
    const route = kind === 'decline' ? routes.declineContract : routes.voidContract;
    const next = await api.call(route, { params, body: { reason } });
    setAsking(null);
    void message.success(t(DONE[kind]));
    onChanged(next);
  }

  if (!person && organizations.length === 0 && !voiding && !agreeing) return null;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="contract-actions">
      {person && (
        <SignPanel
          contract={contract}
          party={person}
          username={username}
          onSigned={(next) => {
            void message.success(t('contracts.signed'));
            onChanged(next);
          }}
          onChanged={(next) => {
            void message.success(t('contracts.realName.passed'));
            onChanged(next);
          }}
          onDecline={() => setAsking('decline')}
        />
      )}
      {(organizations.length > 0 || voiding || agreeing) && (
        <Card size="small" title={t('contracts.actions')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {agreeing && (
              <div data-testid="contract-void-agree-box">
                <Typography.Paragraph style={{ marginBottom: 8 }}>
                  {t('contracts.voidProposed', { reason: contract.voidProposal?.reason ?? '' })}
                </Typography.Paragraph>
                {agree.error !== null && (
                  <Alert
                    type="error"
                    showIcon
                    style={{ marginBottom: 8 }}
                    message={errorText(agree.error, locale)}
                  />
                )}
                <Popconfirm
                  title={t('contracts.voidAgreeConfirm')}
                  okText={t('form.submit')}
                  cancelText={t('form.cancel')}
                  onConfirm={() => agree.submit(undefined)}
                >
                  <Button
                    danger
                    block
                    icon={<CheckOutlined />}
                    loading={agree.submitting}
                    data-testid="contract-void-agree"
                  >
                    {t('contracts.voidAgree')}
                  </Button>
                </Popconfirm>
              </div>
            )}
            {seal.error !== null && (
              <Alert
                data-testid="contract-seal-error"
                type="error"
                showIcon
                message={errorText(seal.error, locale)}
              />
            )}
            {organizations.map((p) => (
              <div key={p.id}>
                <Button
                  type="primary"
                  block
                  icon={<SafetyCertificateOutlined />}
                  data-testid="contract-seal"
                  data-party={p.id}
                  loading={seal.submitting}
                  onClick={() => void seal.submit(p.id)}
                >
                  {t('contracts.stampWith', { name: p.name })}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('contracts.stampHint')}
                </Typography.Text>
              </div>
            ))}
            {voiding && (
              <Button
                danger
                block
                icon={<StopOutlined />}
                data-testid="contract-void"
                onClick={() => setAsking(voiding)}
              >
                {t(voiding === 'void' ? 'contracts.void' : 'contracts.proposeVoid')}
              </Button>
            )}
          </Space>
        </Card>
      )}
      {asking && (
        <ReasonModal
          title={t(ASK[asking].title)}
          warning={t(ASK[asking].warning)}
          okText={t(ASK[asking].ok)}
          testId={asking === 'decline' ? 'contract-decline' : 'contract-void'}
          onSubmit={(reason) => end(asking, reason)}
          onClose={() => setAsking(null)}
        />
      )}
    </Space>
  );
}
