import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  BankOutlined,
  DeleteOutlined,
  GlobalOutlined,
  PlusOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  IDENTITY_CHECKS,
  type IdentityCheck,
  KEY_CUSTODIES,
  type KeyCustody,
  type UsableSeal,
} from '@openseal/contract';
import { Avatar, Button, Empty, Input, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import { SealImage } from '../seals/seal-image.tsx';
import {
  addPartyProblem,
  type ExternalCustody,
  externalProblem,
  moveParty,
  type PartyDraft,
  partyKey,
} from './party-drafts.ts';

const EXTERNAL_CUSTODIES: readonly ExternalCustody[] = ['browser', 'event'];
const EXTERNAL_PROBLEM = {
  name: 'contracts.externalName',
  contact: 'contracts.externalContactNeeded',
  phone: 'contracts.externalPhoneInvalid',
  email: 'contracts.externalEmailInvalid',
} as const;

/** A person as first added: a key in their browser, proven by their campus sign-in. */
const newPerson = (username: string): PartyDraft => ({
  kind: 'person',
  username: username.trim(),
  custody: 'browser',
  identity: 'campus',
});

/**
 * The parties of a new contract in signing order: people by their account's username, people outside
 * the school by name and mobile or email, organisations by a seal the initiator may use for contracts
 * (they stamp for it). Each row moves up or down.
 */
export function PartyListEditor({
  parties,
  onChange,
  seals,
  sealsLoading,
}: {
  parties: PartyDraft[];
  onChange: (parties: PartyDraft[]) => void;
  /** The seals the initiator may use for contracts; empty when they may use none. */
  seals: UsableSeal[];
  sealsLoading: boolean;
}) {
  const { t } = useLocale();
  const [kind, setKind] = useState<PartyDraft['kind']>('person');
  const [username, setUsername] = useState('');
  const [sealId, setSealId] = useState<string | null>(null);
  const [outsider, setOutsider] = useState({ name: '', phone: '', email: '' });
  const [problem, setProblem] = useState<string | null>(null);

  function add(next: PartyDraft | null) {
    if (!next) return;
    const why = addPartyProblem(parties, next);
    if (why) {
      setProblem(t(why === 'duplicate' ? 'contracts.partyDuplicate' : 'contracts.partiesFull'));
      return;
    }
    setProblem(null);
    onChange([...parties, next]);
    setUsername('');
    setSealId(null);
    setOutsider({ name: '', phone: '', email: '' });
  }

  function addOutsider() {
    const why = externalProblem(outsider);
    if (why) {
      setProblem(t(EXTERNAL_PROBLEM[why]));
      return;
    }
    add({ kind: 'external', ...outsider, custody: 'browser' });
  }

  const seal = seals.find((s) => s.seal.id === sealId) ?? null;

  return (
    <div data-testid="contract-parties-editor">
      {parties.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('contracts.noParties')}
          style={{ margin: 8 }}
        />
      ) : (
        <ol style={{ listStyle: 'none', padding: 0, margin: '0 0 12px' }}>
          {parties.map((p, i) => (
            <li
              key={partyKey(p)}
              data-testid="contract-party-draft"
              style={{
                padding: '6px 8px',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
                marginBottom: 6,
              }}
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <Avatar size="small" style={{ background: '#1677ff', flex: 'none' }}>
                  {i + 1}
                </Avatar>
                {p.kind === 'person' ? (
                  <UserOutlined />
                ) : p.kind === 'external' ? (
                  <GlobalOutlined />
                ) : (
                  <BankOutlined />
                )}
                <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
                  {p.kind === 'person' ? p.username : p.kind === 'external' ? p.name : p.sealName}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    ·{' '}
                    {p.kind === 'external'
                      ? `${t('contracts.partyExternal')} ${[p.phone, p.email].filter(Boolean).join(' / ')}`
                      : t(p.kind === 'person' ? 'contracts.person' : 'contracts.organization')}
                  </Typography.Text>
                </Typography.Text>
                <Space size={0} style={{ flex: 'none' }}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('contracts.moveUp')}
                    disabled={i === 0}
                    onClick={() => onChange(moveParty(parties, i, i - 1))}
                  />
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('contracts.moveDown')}
                    disabled={i === parties.length - 1}
                    onClick={() => onChange(moveParty(parties, i, i + 1))}
                  />
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('contracts.removeParty')}
                    onClick={() => onChange(parties.filter((_, j) => j !== i))}
                  />
                </Space>
              </div>
              {p.kind === 'person' && (
                // The initiator's choices for this person: where their key lives, how they prove who they are.
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '6px 0 0 32px' }}>
                  <Select<KeyCustody>
                    size="small"
                    data-testid="contract-party-custody"
                    aria-label={t('contracts.custodyLabel')}
                    title={t('contracts.custodyLabel')}
                    value={p.custody}
                    style={{ width: 112 }}
                    popupMatchSelectWidth={false}
                    onChange={(custody) =>
                      onChange(
                        parties.map((q, j) => (j === i && q.kind === 'person' ? { ...q, custody } : q)),
                      )
                    }
                    options={KEY_CUSTODIES.map((c) => ({
                      value: c,
                      label: t(`contracts.custodyChoice.${c}`),
                    }))}
                  />
                  <Select<IdentityCheck>
                    size="small"
                    data-testid="contract-party-identity"
                    aria-label={t('contracts.identityLabel')}
                    title={t('contracts.identityLabel')}
                    value={p.identity}
                    style={{ width: 112 }}
                    popupMatchSelectWidth={false}
                    onChange={(identity) =>
                      onChange(
                        parties.map((q, j) => (j === i && q.kind === 'person' ? { ...q, identity } : q)),
                      )
                    }
                    options={IDENTITY_CHECKS.map((c) => ({
                      value: c,
                      label: t(`contracts.identityChoice.${c}`),
                    }))}
                  />
                </div>
              )}
              {p.kind === 'external' && (
                // An outside person always passes a real-name check; only the key's home is chosen.
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '6px 0 0 32px' }}>
                  <Select<ExternalCustody>
                    size="small"
                    data-testid="contract-party-custody"
                    aria-label={t('contracts.custodyLabel')}
                    title={t('contracts.custodyLabel')}
                    value={p.custody}
                    style={{ width: 112 }}
                    popupMatchSelectWidth={false}
                    onChange={(custody) =>
                      onChange(
                        parties.map((q, j) => (j === i && q.kind === 'external' ? { ...q, custody } : q)),
                      )
                    }
                    options={EXTERNAL_CUSTODIES.map((c) => ({
                      value: c,
                      label: t(`contracts.custodyChoice.${c}`),
                    }))}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('contracts.identityChoice.real-name')}
                  </Typography.Text>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <div style={{ background: '#fafafa', borderRadius: 8, padding: 12 }}>
        <Segmented<PartyDraft['kind']>
          data-testid="contract-party-kind"
          value={kind}
          onChange={(k) => {
            setKind(k);
            setProblem(null);
          }}
          options={[
            { value: 'person', label: t('contracts.person'), icon: <UserOutlined /> },
            { value: 'external', label: t('contracts.partyExternal'), icon: <GlobalOutlined /> },
            { value: 'organization', label: t('contracts.organization'), icon: <BankOutlined /> },
          ]}
          style={{ marginBottom: 8 }}
        />
        {kind === 'person' ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              data-testid="contract-party-username"
              placeholder={t('contracts.usernamePlaceholder')}
              value={username}
              maxLength={128}
              onChange={(e) => {
                setUsername(e.target.value);
                setProblem(null);
              }}
              onPressEnter={(e) => {
                // Enter adds the person; it must not submit the whole form.
                e.preventDefault();
                add(username.trim() ? newPerson(username) : null);
              }}
            />
            <Button
              icon={<PlusOutlined />}
              data-testid="contract-party-add-person"
              disabled={!username.trim()}
              onClick={() => add(newPerson(username))}
            >
              {t('contracts.addParty')}
            </Button>
          </Space.Compact>
        ) : kind === 'external' ? (
          <div data-testid="contract-party-external" style={{ display: 'grid', gap: 6 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('contracts.partyExternalHint')}
            </Typography.Text>
            {(['name', 'phone', 'email'] as const).map((field) => (
              <Input
                key={field}
                data-testid={`contract-party-external-${field}`}
                placeholder={t(
                  field === 'name'
                    ? 'contracts.externalName'
                    : field === 'phone'
                      ? 'contracts.externalPhone'
                      : 'contracts.externalEmail',
                )}
                inputMode={field === 'phone' ? 'tel' : field === 'email' ? 'email' : undefined}
                maxLength={field === 'email' ? 254 : field === 'phone' ? 11 : 64}
                value={outsider[field]}
                onChange={(e) => {
                  setOutsider({ ...outsider, [field]: e.target.value });
                  setProblem(null);
                }}
                onPressEnter={(e) => {
                  e.preventDefault();
                  addOutsider();
                }}
              />
            ))}
            <Button icon={<PlusOutlined />} data-testid="contract-party-add-external" onClick={addOutsider}>
              {t('contracts.addParty')}
            </Button>
          </div>
        ) : seals.length === 0 && !sealsLoading ? (
          <Typography.Text type="secondary" data-testid="contract-no-seals">
            {t('contracts.noContractSeals')}
          </Typography.Text>
        ) : (
          <Space.Compact style={{ width: '100%' }}>
            <Select
              data-testid="contract-party-seal"
              style={{ flex: 1, minWidth: 0 }}
              loading={sealsLoading}
              placeholder={t('contracts.sealPlaceholder')}
              value={sealId}
              onChange={(value) => {
                setSealId(value);
                setProblem(null);
              }}
              optionLabelProp="title"
              options={seals.map((u) => ({
                value: u.seal.id,
                title: u.seal.name,
                label: (
                  <Space>
                    <SealImage seal={u.seal} size={24} />
                    <span>{u.seal.name}</span>
                  </Space>
                ),
              }))}
            />
            <Button
              icon={<PlusOutlined />}
              data-testid="contract-party-add-seal"
              disabled={!seal}
              onClick={() =>
                seal && add({ kind: 'organization', sealId: seal.seal.id, sealName: seal.seal.name })
              }
            >
              {t('contracts.addParty')}
            </Button>
          </Space.Compact>
        )}
        {problem && (
          <Typography.Text
            type="danger"
            data-testid="contract-party-problem"
            style={{ display: 'block', marginTop: 6 }}
          >
            {problem}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
