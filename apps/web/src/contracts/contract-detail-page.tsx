import { ArrowLeftOutlined, DownloadOutlined, FileProtectOutlined } from '@ant-design/icons';
import { type ContractDetail, routes } from '@openseal/contract';
import { Alert, Button, Card, Col, Descriptions, Grid, Result, Row, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useSchoolTime, useSchoolZoneLabel } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useSession } from '../auth/session-context.tsx';
import { saveBytes } from '../credentials-portal/save-bytes.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';
import { PdfPages } from '../stamp/pdf-pages.tsx';
import { ContractActions } from './contract-actions.tsx';
import { contractChoices } from './contract-choices.ts';
import { ContractEvents } from './contract-events.tsx';
import { ContractParties } from './contract-parties.tsx';
import { CONTRACTS_PATH, contractFileName } from './contract-paths.ts';
import { ContractStatusTag } from './contract-status-tag.tsx';

/**
 * The contract as it stands, fetched again whenever a signature changes it (its SHA-256). The server
 * records each fetch as a view.
 */
function useContractFile(contract: ContractDetail | null): { bytes: Uint8Array | null; error: unknown } {
  const api = useApi();
  const id = contract?.id ?? null;
  const sha256 = contract?.documentSha256 ?? null;
  const [state, setState] = useState<{ bytes: Uint8Array | null; error: unknown }>({
    bytes: null,
    error: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new SHA-256 is a new file to fetch
  useEffect(() => {
    if (!id) return;
    let live = true;
    setState({ bytes: null, error: null });
    api.call(routes.getContractFile, { params: { id } }).then(
      ({ bytes }) => live && setState({ bytes, error: null }),
      (error: unknown) => live && setState({ bytes: null, error }),
    );
    return () => {
      live = false;
    };
  }, [api, id, sha256]);
  return state;
}

/**
 * One contract: its status and parties, the PDF page by page, and the event trail; the person's own
 * signing panel when it is their turn (beside the file on a wide screen, after it on a phone), the
 * seal for organisations the initiator stamps for, and 作废 for the initiator.
 */
export function ContractDetailPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const navigate = useNavigate();
  const when = useSchoolTime();
  const zoneLabel = useSchoolZoneLabel();
  const screens = Grid.useBreakpoint();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const { load } = useApiGet(routes.getContract, { params: { id } });
  const [fresh, setFresh] = useState<ContractDetail | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new address starts afresh
  useEffect(() => setFresh(null), [id]);
  const contract = fresh ?? (load.status === 'ready' ? load.data : null);
  const file = useContractFile(contract);

  const download = useSubmit(async (what: 'file' | 'evidence') => {
    if (!contract) return;
    const params = { id: contract.id };
    if (what === 'file') {
      const { bytes } = await api.call(routes.getContractFile, { params });
      saveBytes(bytes, contractFileName(contract.title));
    } else {
      const { bytes } = await api.call(routes.getContractEvidence, { params });
      saveBytes(bytes, contractFileName(`${contract.title}-${t('contracts.evidenceFile')}`));
    }
  });

  if (load.status === 'failed') {
    // The contract's own refusal (not among yours) says what to check; a missing module says so.
    if (load.error instanceof ApiError && load.error.code === 'ERR_CONTRACT_NOT_FOUND')
      return (
        <Result status="warning" data-testid="contract-not-found" title={errorText(load.error, locale)} />
      );
    return <LoadFailed error={load.error} />;
  }
  if (!contract || !me) return <Spin style={{ display: 'block', padding: 48 }} />;

  const wide = screens.lg === true;
  const pad = screens.md ? 24 : 12;
  const actions = <ContractActions contract={contract} username={me.username} onChanged={setFresh} />;

  const header = (
    <Card styles={{ body: { padding: pad } }} data-testid="contract-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Space wrap size={[8, 4]}>
            <Button
              type="text"
              size="small"
              icon={<ArrowLeftOutlined />}
              aria-label={t('contracts.back')}
              onClick={() => navigate(CONTRACTS_PATH)}
            />
            <Typography.Title
              level={4}
              style={{ margin: 0, wordBreak: 'break-word' }}
              data-testid="contract-title"
            >
              {contract.title}
            </Typography.Title>
            <ContractStatusTag status={contract.status} />
          </Space>
        </div>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            disabled={download.submitting}
            data-testid="contract-download"
            onClick={() => void download.submit('file')}
          >
            {t(contract.status === 'completed' ? 'contracts.downloadSigned' : 'contracts.download')}
          </Button>
          <Button
            icon={<FileProtectOutlined />}
            disabled={download.submitting}
            data-testid="contract-evidence"
            onClick={() => void download.submit('evidence')}
          >
            {t('contracts.evidence')}
          </Button>
        </Space>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'initiator',
            label: t('contracts.initiator'),
            children: contract.initiatedByMe
              ? `${contract.initiator}（${t('contracts.me')}）`
              : contract.initiator,
          },
          { key: 'created', label: t('contracts.createdAt'), children: when(contract.createdAt) },
          {
            key: 'order',
            label: t('contracts.order'),
            children: t(contract.order === 'sequential' ? 'contracts.sequential' : 'contracts.parallel'),
          },
          ...(contract.cc.length > 0
            ? [
                {
                  key: 'cc',
                  label: t('contracts.cc'),
                  children: contract.cc.join(locale.locale === 'zh-CN' ? '、' : ', '),
                },
              ]
            : []),
          ...(contract.deadline
            ? [
                {
                  key: 'deadline',
                  label: t('contracts.deadline'),
                  children: t('contracts.deadlineValue', { day: contract.deadline, zone: zoneLabel }),
                },
              ]
            : []),
          {
            key: 'sha',
            label: 'SHA-256',
            children: (
              <Typography.Text
                copyable
                data-testid="contract-sha256"
                style={{ fontSize: 12, wordBreak: 'break-all', fontFamily: 'monospace' }}
              >
                {contract.documentSha256}
              </Typography.Text>
            ),
          },
        ]}
      />
      {download.error !== null && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} message={errorText(download.error, locale)} />
      )}
      {contract.status === 'voided' && contract.voidReason && (
        <Alert
          type="warning"
          showIcon
          data-testid="contract-void-reason"
          style={{ marginTop: 8 }}
          message={t('contracts.voidedBecause', { reason: contract.voidReason })}
        />
      )}
      {!wide && contractChoices(contract).person && (
        // On a phone the panel comes after the file: say it is there, and take the person to it.
        <Alert
          type="info"
          showIcon
          data-testid="contract-your-turn"
          style={{ marginTop: 8 }}
          message={t('contracts.yourTurn')}
          action={
            <Button
              size="small"
              type="primary"
              onClick={() =>
                document
                  .querySelector('[data-testid="contract-sign-panel"]')
                  ?.scrollIntoView({ behavior: 'smooth', block: 'start' })
              }
            >
              {t('contracts.goSign')}
            </Button>
          }
        />
      )}
      {contract.voidProposal && contract.status === 'completed' && (
        <Alert
          type="warning"
          showIcon
          data-testid="contract-void-proposal"
          style={{ marginTop: 8 }}
          message={t('contracts.voidProposed', { reason: contract.voidProposal.reason })}
          description={t('contracts.voidAgreedCount', {
            agreed: contract.voidProposal.agreed.length,
            parties: contract.parties.filter((p) => p.kind === 'person').length,
          })}
        />
      )}
      {contract.status === 'completed' && !contract.voidProposal && (
        <Alert type="success" showIcon style={{ marginTop: 8 }} message={t('contracts.completedHint')} />
      )}
    </Card>
  );

  const fileCard = (
    <Card
      title={t('contracts.document')}
      size="small"
      styles={{ body: { padding: screens.md ? 16 : 8, background: '#f5f5f5' } }}
    >
      {file.error ? (
        <LoadFailed error={file.error} />
      ) : (
        <PdfPages bytes={file.bytes} testId="contract-file-pages" />
      )}
    </Card>
  );

  const side = (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {actions}
      <Card title={t('contracts.parties')} size="small">
        <ContractParties contract={contract} />
      </Card>
      <Card title={t('contracts.events')} size="small">
        <ContractEvents contract={contract} />
      </Card>
    </Space>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {header}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {fileCard}
        </Col>
        <Col xs={24} lg={10}>
          {side}
        </Col>
      </Row>
    </Space>
  );
}
