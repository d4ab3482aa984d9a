import { type ApprovalRequest, type RiskRuleId, routes } from '@openseal/contract';
import { Alert, Card, Col, Descriptions, Grid, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { type MessageKey, zhCN } from '../i18n/zh-CN.ts';
import { useOrgTree } from '../org/use-org-tree.ts';
import { useInbox } from '../requests/inbox-context.tsx';
import { usePayloadItems } from '../requests/payload-items.tsx';
import { RequestActions } from '../requests/request-actions.tsx';
import { RequestDiff } from '../requests/request-diff.tsx';
import { RequestStatusTag } from '../requests/request-status-tag.tsx';
import { RequestHistory, RequestSteps } from '../requests/request-steps.tsx';
import { SealedFilesCard } from '../requests/sealed-files-card.tsx';
import { alertDetailsText } from '../risk/alert-details.ts';
import { sealImageUrl } from '../seals/seal-image.tsx';
import { PdfPages } from '../stamp/pdf-pages.tsx';
import { sealGhost } from '../stamp/seal-ghost.ts';
import { LoadFailed } from './load-failed.tsx';

/** A click-placed seal's spot, from the request's payload. */
function pagePlacement(value: unknown): { page: number; x: number; y: number } | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  return p['kind'] === 'page' &&
    typeof p['page'] === 'number' &&
    typeof p['x'] === 'number' &&
    typeof p['y'] === 'number'
    ? { page: p['page'], x: p['x'], y: p['y'] }
    : null;
}

/** The file of the request's current round, fetched as bytes for pdf.js. */
function useFileBytes(request: ApprovalRequest | null): { bytes: Uint8Array | null; error: unknown } {
  const api = useApi();
  const id = request?.id ?? null;
  const fileId = request?.files[request.files.length - 1]?.id ?? null;
  const [state, setState] = useState<{ bytes: Uint8Array | null; error: unknown }>({
    bytes: null,
    error: null,
  });
  useEffect(() => {
    if (!id || !fileId) return;
    let live = true;
    setState({ bytes: null, error: null });
    api.call(routes.requestFile, { params: { id, fileId } }).then(
      ({ bytes }) => live && setState({ bytes, error: null }),
      (error: unknown) => live && setState({ bytes: null, error }),
    );
    return () => {
      live = false;
    };
  }, [api, id, fileId]);
  return state;
}

/**
 * One request: what is asked (the file page by page, and for a resubmission what changed), the
 * flow's steps and history, risk warnings for the approvers, and the actions open to the person.
 * One column on a phone, with the action bar stuck to the bottom of the screen.
 */
export function RequestDetailPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const inbox = useInbox();
  const screens = Grid.useBreakpoint();
  const when = useSchoolTime();
  const { load, reload } = useApiGet(routes.getRequest, { params: { id } });
  const delegations = useApiGet(routes.listDelegations);
  const [fresh, setFresh] = useState<ApprovalRequest | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new address starts afresh
  useEffect(() => setFresh(null), [id]);
  const request = fresh ?? (load.status === 'ready' ? load.data : null);
  const file = useFileBytes(request);
  const { unitName } = useOrgTree();
  const payloadItems = usePayloadItems(request ?? ({ payload: {} } as ApprovalRequest), unitName);
  const [sealPictureFailed, setSealPictureFailed] = useState(false);
  // The seal's size and picture, to show approvers where it will land (readable to seal readers only).
  const sealId = request?.type === 'seal.use' ? request.sealId : null;
  const seal = useApiGet(routes.getSeal, sealId ? { params: { id: sealId } } : null);

  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  if (!request || !me) return <Spin style={{ display: 'block', padding: 48 }} />;

  const latest = request.files[request.files.length - 1];
  const rounds = new Set(request.files.map((f) => f.round)).size;
  const pad = screens.md ? 24 : 12;
  const ruleName = (rule: string) => {
    const key = `risk.rule.${rule}`;
    return key in zhCN ? t(key as MessageKey) : rule;
  };

  const header = (
    <Card styles={{ body: { padding: pad } }} data-testid="request-detail">
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        {request.sealId && !sealPictureFailed && (
          <img
            src={sealImageUrl(request.sealId)}
            alt={request.sealName ?? ''}
            data-testid="request-seal-image"
            width={screens.md ? 96 : 64}
            height={screens.md ? 96 : 64}
            style={{ objectFit: 'contain', flex: 'none' }}
            onError={() => setSealPictureFailed(true)}
          />
        )}
        <div style={{ minWidth: 0, flex: 1 }}>
          <Space wrap size={[8, 4]}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="request-title">
              {request.title}
            </Typography.Title>
            <RequestStatusTag status={request.status} />
            <Tag>{t(`requestType.${request.type}`)}</Tag>
            {request.round > 1 && <Tag color="purple">{t('request.round', { round: request.round })}</Tag>}
          </Space>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            style={{ marginTop: 8 }}
            items={[
              { key: 'requester', label: t('request.requester'), children: request.requester.name },
              ...(request.sealName
                ? [{ key: 'seal', label: t('stamp.seal'), children: request.sealName }]
                : []),
              { key: 'created', label: t('request.createdAt'), children: when(request.createdAt) },
              ...(request.status === 'pending'
                ? [
                    {
                      key: 'waiting',
                      label: t('request.waitingFor'),
                      children: request.currentApprovers.map((p) => p.name).join('、') || '—',
                    },
                  ]
                : []),
              ...payloadItems,
              ...(request.type === 'seal.use' &&
              (request.status === 'approved' || request.status === 'completed')
                ? [
                    {
                      key: 'stamped',
                      label: t('request.stampedTitle'),
                      children: (
                        <span data-testid="request-stamped">
                          {t('request.stampedCount', {
                            stamped: request.stamped,
                            copies: Number(request.payload['copies'] ?? 1),
                          })}
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {request.flag && (
            <Alert
              type="warning"
              showIcon
              data-testid="request-flag"
              message={t(`directory.flag.${request.flag}`)}
              description={t('directory.flagHint')}
            />
          )}
          {request.custody && (
            <Alert
              type={request.custody.returnedAt ? 'success' : 'warning'}
              showIcon
              data-testid="request-custody"
              message={
                request.custody.returnedAt
                  ? t('custody.backAt', {
                      at: when(request.custody.returnedAt),
                      by: request.custody.receivedBy?.name ?? '',
                    })
                  : t('custody.outSince', {
                      who: request.custody.takenBy.name,
                      at: when(request.custody.takenAt),
                    })
              }
            />
          )}
        </div>
      </div>
    </Card>
  );

  const risks = request.riskAlerts.length > 0 && (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="request-risks">
      {request.riskAlerts.map((a, i) => (
        <Alert
          // biome-ignore lint/suspicious/noArrayIndexKey: alerts are listed as the server sent them and never reordered
          key={`${a.rule}-${i}`}
          data-testid="risk-alert"
          type={a.severity === 'high' ? 'error' : 'warning'}
          showIcon
          message={`${t('request.riskWarning')}: ${ruleName(a.rule)}`}
          description={
            <span style={{ fontSize: 12 }}>
              {alertDetailsText({ rule: a.rule as RiskRuleId, details: a.details }, t, unitName)}
              {' · '}
              {when(a.createdAt)}
            </span>
          }
        />
      ))}
    </Space>
  );

  const fileCard = latest && (
    <Card styles={{ body: { padding: screens.md ? 16 : 8, background: '#f5f5f5' } }}>
      <Tabs
        data-testid="request-tabs"
        items={[
          {
            key: 'file',
            label: (
              <span data-testid="request-tab-file">{t('request.fileTab', { round: latest.round })}</span>
            ),
            children: (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                  {latest.name} · SHA-256 {latest.sha256}
                </Typography.Paragraph>
                {file.error ? (
                  <LoadFailed error={file.error} />
                ) : (
                  <PdfPages
                    bytes={file.bytes}
                    testId="request-file-pages"
                    mark={pagePlacement(request.payload['placement'])}
                    ghost={seal.load.status === 'ready' ? sealGhost(seal.load.data) : null}
                  />
                )}
              </>
            ),
          },
          ...(rounds > 1
            ? [
                {
                  key: 'diff',
                  label: <span data-testid="request-tab-diff">{t('request.diffTab')}</span>,
                  children: <RequestDiff requestId={request.id} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );

  return (
    <div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {header}
        {risks}
        <Row gutter={[16, 16]}>
          {fileCard && (
            <Col xs={24} lg={14}>
              {fileCard}
            </Col>
          )}
          <Col xs={24} lg={fileCard ? 10 : 24}>
            {request.sealedFiles.length > 0 && (
              <div style={{ marginBottom: 16 }}>
                <SealedFilesCard request={request} me={me} />
              </div>
            )}
            <Card title={t('request.steps')} size="small" style={{ marginBottom: 16 }}>
              <RequestSteps steps={request.steps} />
            </Card>
            <Card title={t('request.history')} size="small">
              <RequestHistory history={request.history} />
            </Card>
          </Col>
        </Row>
      </Space>
      <RequestActions
        request={request}
        me={me}
        delegations={delegations.load.status === 'ready' ? delegations.load.data : []}
        onChanged={(next) => {
          // Stamping answers with the PDF, not the request: read the request again, in place.
          if (next) setFresh(next);
          else api.call(routes.getRequest, { params: { id } }).then(setFresh, reload);
          inbox.refresh();
        }}
      />
    </div>
  );
}
