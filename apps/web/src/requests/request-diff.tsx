import { routes } from '@openseal/contract';
import { Alert, Spin, Typography } from 'antd';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

const STYLE = {
  same: { color: '#595959' },
  added: { background: '#f6ffed', color: '#135200' },
  removed: { background: '#fff1f0', color: '#a8071a', textDecoration: 'line-through' },
} as const;

/** The text changes between the last two rounds' files: added green, removed red and struck through. */
export function RequestDiff({ requestId }: { requestId: string }) {
  const { t } = useLocale();
  const { load } = useApiGet(routes.requestDiff, { params: { id: requestId } });
  if (load.status === 'loading') return <Spin />;
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  const { fromRound, toRound, parts } = load.data;
  const changed = parts.some((p) => p.kind !== 'same');
  return (
    <div data-testid="request-diff">
      <Typography.Paragraph type="secondary">
        {t('request.diffRounds', { from: fromRound, to: toRound })}
      </Typography.Paragraph>
      {!changed && (
        <Alert type="info" showIcon message={t('request.diffNone')} style={{ marginBottom: 12 }} />
      )}
      <pre
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          fontFamily: 'inherit',
          fontSize: 13,
          background: '#fff',
          padding: 12,
          borderRadius: 6,
          margin: 0,
        }}
      >
        {parts.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff runs are positional by nature
          <span key={`${i}-${p.kind}`} data-testid="diff-part" data-kind={p.kind} style={STYLE[p.kind]}>
            {p.text}
          </span>
        ))}
      </pre>
    </div>
  );
}
