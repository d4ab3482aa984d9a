import { type FlowView, routes } from '@openseal/contract';
import { Card, Col, Empty, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApiGet } from '../api/use-api-get.ts';
import { useSession } from '../auth/session-context.tsx';
import { FlowEditor } from '../flows/flow-editor.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from './load-failed.tsx';

/** 审批流程: one flow per request type; the seal office edits them without code. */
export function FlowsPage() {
  const { t } = useLocale();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const { load, reload } = useApiGet(routes.listFlows);
  const { tree } = useOrgTree();
  const home = me?.grants.find((g) => g.role === 'seal_admin')?.orgUnitId;
  const users = useApiGet(routes.listGrantees, home ? { query: { unitId: home } } : null);
  const [chosen, setChosen] = useState<string | null>(null);
  const flows = load.status === 'ready' ? load.data : [];
  const flow = flows.find((f) => f.requestType === chosen) ?? flows[0] ?? null;

  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7}>
        <Card
          title={<Typography.Text strong>{t('nav.flows')}</Typography.Text>}
          styles={{ body: { padding: 8 } }}
        >
          <List<FlowView>
            data-testid="flows-list"
            loading={load.status === 'loading'}
            dataSource={flows}
            renderItem={(f) => (
              <List.Item
                data-testid="flow-item"
                data-type={f.requestType}
                onClick={() => setChosen(f.requestType)}
                style={{
                  cursor: 'pointer',
                  padding: '8px 12px',
                  borderRadius: 6,
                  background: flow?.requestType === f.requestType ? '#e6f4ff' : undefined,
                }}
              >
                <List.Item.Meta
                  title={t(`requestType.${f.requestType}`)}
                  description={
                    <span style={{ fontSize: 12 }}>
                      {f.name} · {t('flow.stageCount', { n: f.definition.stages.length })}{' '}
                      {f.customised && <Tag color="blue">{t('flow.customised')}</Tag>}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        <Card title={flow ? t(`requestType.${flow.requestType}`) : t('nav.flows')}>
          {flow ? (
            <FlowEditor
              key={`${flow.requestType}-${flow.updatedAt ?? 'default'}`}
              flow={flow}
              tree={tree}
              users={users.load.status === 'ready' ? users.load.data : []}
              onSaved={() => reload()}
            />
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
    </Row>
  );
}
