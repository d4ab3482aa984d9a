import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  type ApprovalRequest,
  type Delegation,
  type Me,
  type RequestAction,
  routes,
  type SealWarning,
} from '@openseal/contract';
import { Alert, App, Button, Input, Modal, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { nameIn } from '../i18n/bilingual-name.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { sealedFileName } from '../stamp/pdf-file.ts';
import { SealWarningAlerts } from '../stamp/seal-warning-alerts.tsx';
import { sealWarningsOf } from '../stamp/seal-warnings.ts';
import { ResubmitModal } from './resubmit-modal.tsx';

/** A seal's physical custody: the custodian hands it out for an approved request and takes it back. */
const CUSTODY_ROUTE = { checkout: routes.checkOutSeal, return: routes.returnSeal } as const;

interface Stamped {
  url: string;
  name: string;
  sha256: string;
  ledgerId: string;
  warnings: SealWarning[];
}

/** Saves a blob under `name` the way a download link would. */
function download(url: string, name: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * What the signed-in person may do with the request now, as a bar that sticks to the bottom of the
 * screen: decide (with a comment, possibly for someone who delegated to them), withdraw or resubmit
 * their own request, stamp an approved one, hand out and take back a physical seal.
 */
export function RequestActions({
  request,
  me,
  delegations,
  onChanged,
}: {
  request: ApprovalRequest;
  me: Me;
  delegations: Delegation[];
  onChanged: (next: ApprovalRequest | null) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState<string | null>(null);
  const [stepId, setStepId] = useState<string | null>(null);
  const [resubmitting, setResubmitting] = useState(false);
  const [copyOpen, setCopyOpen] = useState(false);
  const [copy, setCopy] = useState<File | null>(null);
  const [stamped, setStamped] = useState<Stamped | null>(null);
  useEffect(() => () => void (stamped && URL.revokeObjectURL(stamped.url)), [stamped]);

  const mine = request.requester.id === me.id;
  const approverIds = new Set(request.currentApprovers.map((p) => p.id));
  const now = Date.now();
  // Those who let me decide for them now, and who are waited for on this request.
  const principals = delegations.filter(
    (d) =>
      d.toUserId === me.id &&
      new Date(d.startsAt).getTime() <= now &&
      new Date(d.endsAt).getTime() > now &&
      approverIds.has(d.fromUserId),
  );
  const canDecide = request.status === 'pending' && (approverIds.has(me.id) || principals.length > 0);
  const actingFor = onBehalfOf ?? (approverIds.has(me.id) ? me.id : (principals[0]?.fromUserId ?? me.id));
  const nameOf = (id: string) => request.currentApprovers.find((p) => p.id === id)?.name ?? id;
  // Approving several steps of one stage at once needs the step named.
  const mySteps = request.steps.filter(
    (s) => s.status === 'waiting' && s.approvers.some((a) => a.id === actingFor),
  );

  const act = useSubmit(async (action: RequestAction['action']) => {
    const body: RequestAction =
      action === 'withdraw'
        ? { action }
        : {
            action,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
            ...(actingFor !== me.id ? { onBehalfOf: actingFor } : {}),
            ...(mySteps.length > 1 && stepId ? { stepId } : {}),
          };
    const next = await api.call(routes.actOnRequest, { params: { id: request.id }, body });
    setComment('');
    void message.success(t(`actionDone.${action}`));
    onChanged(next);
  });

  const stamp = useSubmit(async (file: File | null) => {
    // No file: the server stamps the approved file it keeps.
    const copy = file ? { body: file, contentType: 'application/pdf' } : {};
    const answer = await api.call(routes.stampRequest, { params: { id: request.id }, ...copy });
    const blob = new Blob([answer.bytes], { type: 'application/pdf' });
    const latest = request.files[request.files.length - 1];
    const result = {
      url: URL.createObjectURL(blob),
      name: sealedFileName(latest?.name ?? request.title),
      sha256: answer.headers.get('x-document-sha256') ?? '',
      ledgerId: answer.headers.get('x-ledger-id') ?? '',
      warnings: sealWarningsOf(answer.headers),
    };
    setStamped(result);
    setCopyOpen(false);
    setCopy(null);
    download(result.url, result.name);
    onChanged(null);
  });

  const custody = useSubmit(async (step: 'checkout' | 'return') => {
    const next = await api.call(CUSTODY_ROUTE[step], { params: { id: request.id } });
    void message.success(t(step === 'checkout' ? 'custody.checkedOut' : 'custody.returned'));
    onChanged(next);
  });

  const isUse = request.type === 'seal.use';
  const copies = typeof request.payload['copies'] === 'number' ? request.payload['copies'] : 1;
  const canStamp = mine && isUse && request.status === 'approved';
  const canWithdraw = mine && (request.status === 'pending' || request.status === 'returned');
  const canResubmit = mine && request.status === 'returned';
  const physicalOut = request.type === 'seal.physicalUse' && request.status === 'approved';
  // The seal's keepers (seal admins of its unit) hand it out and take it back; the server checks the unit.
  const keeper = hasPermission(me, 'seals.manage');
  const canCheckout = physicalOut && !request.custody && keeper;
  const canTakeBack =
    physicalOut && request.custody !== null && request.custody.returnedAt === null && keeper;
  const error = act.error ?? custody.error ?? (copyOpen ? null : stamp.error);

  if (!canDecide && !canStamp && !canWithdraw && !canResubmit && !canCheckout && !canTakeBack && !stamped)
    return null;

  return (
    <div
      data-testid="request-actions"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 20,
        background: '#fff',
        borderTop: '1px solid #f0f0f0',
        boxShadow: '0 -4px 12px rgba(0,0,0,0.08)',
        padding: 12,
        marginTop: 16,
        borderRadius: '8px 8px 0 0',
      }}
    >
      {error !== null && (
        <Alert
          data-testid="request-action-error"
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message={errorText(error, locale)}
        />
      )}
      {canDecide && (
        <Space direction="vertical" style={{ width: '100%' }} size={8}>
          {principals.length > 0 && (
            <Select
              data-testid="action-on-behalf"
              style={{ width: '100%' }}
              value={actingFor}
              onChange={setOnBehalfOf}
              options={[
                ...(approverIds.has(me.id) ? [{ value: me.id, label: t('request.actAsMyself') }] : []),
                ...principals.map((d) => ({
                  value: d.fromUserId,
                  label: t('request.onBehalfOfName', { name: nameOf(d.fromUserId) }),
                })),
              ]}
            />
          )}
          {mySteps.length > 1 && (
            <Select
              data-testid="action-step"
              style={{ width: '100%' }}
              placeholder={t('request.chooseStep')}
              value={stepId}
              onChange={setStepId}
              options={mySteps.map((s) => ({ value: s.id, label: nameIn(s.name, locale.locale) }))}
            />
          )}
          <Input.TextArea
            data-testid="action-comment"
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('request.commentPlaceholder')}
          />
          <div style={{ display: 'flex', gap: 8 }}>
            <Button
              type="primary"
              style={{ flex: 1 }}
              loading={act.submitting}
              data-testid="action-approve"
              onClick={() => void act.submit('approve')}
            >
              {t('action.approve')}
            </Button>
            <Button
              style={{ flex: 1 }}
              data-testid="action-return"
              disabled={act.submitting}
              onClick={() => void act.submit('return')}
            >
              {t('action.return')}
            </Button>
            <Button
              danger
              style={{ flex: 1 }}
              data-testid="action-reject"
              disabled={act.submitting}
              onClick={() => void act.submit('reject')}
            >
              {t('action.reject')}
            </Button>
          </div>
        </Space>
      )}
      <Space wrap style={{ marginTop: canDecide ? 8 : 0 }}>
        {canStamp && (
          <>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={stamp.submitting && !copyOpen}
              disabled={request.stamped >= copies}
              data-testid="action-stamp"
              onClick={() => void stamp.submit(null)}
            >
              {t('action.stamp')}
            </Button>
            <Button
              icon={<UploadOutlined />}
              data-testid="action-stamp-copy"
              disabled={request.stamped >= copies}
              onClick={() => setCopyOpen(true)}
            >
              {t('action.stampCopy')}
            </Button>
          </>
        )}
        {canResubmit && (
          <Button type="primary" data-testid="action-resubmit" onClick={() => setResubmitting(true)}>
            {t('action.resubmit')}
          </Button>
        )}
        {canWithdraw && (
          <Popconfirm
            title={t('request.withdrawConfirm')}
            okText={t('form.submit')}
            cancelText={t('form.cancel')}
            onConfirm={() => act.submit('withdraw')}
          >
            <Button data-testid="action-withdraw">{t('action.withdraw')}</Button>
          </Popconfirm>
        )}
        {canCheckout && (
          <Button
            type="primary"
            loading={custody.submitting}
            data-testid="action-checkout"
            onClick={() => void custody.submit('checkout')}
          >
            {t('action.checkout')}
          </Button>
        )}
        {canTakeBack && (
          <Button
            type="primary"
            loading={custody.submitting}
            data-testid="action-take-back"
            onClick={() => void custody.submit('return')}
          >
            {t('action.takeBack')}
          </Button>
        )}
      </Space>
      {stamped && (
        <div data-testid="stamp-result" style={{ marginTop: 8 }}>
          <SealWarningAlerts warnings={stamped.warnings} />
          <Space wrap>
            <Typography.Text type="success">{t('stamp.done')}</Typography.Text>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              href={stamped.url}
              download={stamped.name}
              data-testid="request-download"
            >
              {stamped.name}
            </Button>
          </Space>
          <div>
            {t('stamp.sha256')}:{' '}
            <Typography.Text
              code
              copyable
              data-testid="request-sha256"
              style={{ wordBreak: 'break-all', fontSize: 12 }}
            >
              {stamped.sha256}
            </Typography.Text>
          </div>
        </div>
      )}
      <Modal
        open={copyOpen}
        title={t('action.stampCopy')}
        okText={t('action.stamp')}
        cancelText={t('form.cancel')}
        okButtonProps={{ disabled: !copy, loading: stamp.submitting, 'data-testid': 'stamp-copy-submit' }}
        onOk={() => void stamp.submit(copy)}
        onCancel={() => {
          setCopyOpen(false);
          setCopy(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('request.stampCopyHint')}</Typography.Paragraph>
        {stamp.error !== null && copyOpen && (
          <Alert
            data-testid="stamp-copy-error"
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={errorText(stamp.error, locale)}
          />
        )}
        <Upload
          accept="application/pdf,.pdf"
          maxCount={1}
          data-testid="stamp-copy-file"
          fileList={copy ? [{ uid: '1', name: copy.name, status: 'done' }] : []}
          beforeUpload={(file) => {
            setCopy(file);
            return false;
          }}
          onRemove={() => setCopy(null)}
        >
          <Button icon={<UploadOutlined />}>{t('request.chooseCopy')}</Button>
        </Upload>
      </Modal>
      {resubmitting && (
        <ResubmitModal
          request={request}
          onClose={() => setResubmitting(false)}
          onDone={(next) => {
            setResubmitting(false);
            onChanged(next);
          }}
        />
      )}
    </div>
  );
}
