import { type ApprovalRequest, routes } from '@openseal/contract';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { useInbox } from '../requests/inbox-context.tsx';
import { requestPage } from '../requests/request-paths.ts';
import { RequestStatusTag } from '../requests/request-status-tag.tsx';
import { LoadFailed } from './load-failed.tsx';

export type RequestsView = 'mine' | 'inbox' | 'done';

const TITLE: Readonly<Record<RequestsView, MessageKey>> = {
  mine: 'nav.mine',
  inbox: 'nav.inbox',
  done: 'nav.done',
};

/** 我的申请 / 待我审批 / 已办: one list each, newest first; a row opens the request. */
export function RequestsPage({ view }: { view: RequestsView }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  const navigate = useNavigate();
  const inbox = useInbox();
  const { load, reload } = useApiGet(routes.listRequests, { query: { view } });
  // The inbox page follows the menu badge's refreshes (an action elsewhere, the 30 s poll).
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the trigger
  useEffect(() => {
    if (view === 'inbox' && inbox.generation > 0) reload();
  }, [inbox.generation]);

  return (
    <Card
      title={<Typography.Text strong>{t(TITLE[view])}</Typography.Text>}
      styles={{ body: { padding: 8 } }}
    >
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <List<ApprovalRequest>
          data-testid="requests-list"
          loading={load.status === 'loading'}
          dataSource={load.status === 'ready' ? load.data : []}
          locale={{ emptyText: <Empty description={t(`requests.empty.${view}`)} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          renderItem={(r) => (
            <List.Item
              data-testid="request-row"
              data-id={r.id}
              style={{ cursor: 'pointer', padding: '12px 8px' }}
              onClick={() => navigate(requestPage(r.id))}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={[8, 4]}>
                    <Typography.Link>{r.title}</Typography.Link>
                    <RequestStatusTag status={r.status} />
                  </Space>
                }
                description={
                  <Space wrap size={[8, 2]} style={{ fontSize: 12 }}>
                    <Tag>{t(`requestType.${r.type}`)}</Tag>
                    {r.sealName && <span>{r.sealName}</span>}
                    <span>
                      {t('request.requester')}: {r.requester.name}
                    </span>
                    {r.status === 'pending' && r.currentApprovers.length > 0 && (
                      <span>
                        {t('request.waitingFor')}: {r.currentApprovers.map((p) => p.name).join('、')}
                      </span>
                    )}
                    <span>{when(r.updatedAt)}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
