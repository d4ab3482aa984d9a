import { Alert } from 'antd';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** A failed save or import: the API's zh/en message and, when the server listed them, each problem. */
export function ApiErrorAlert({ error, testId }: { error: unknown; testId: string }) {
  const locale = useLocale();
  if (!error) return null;
  const details = error instanceof ApiError ? (error.body?.details ?? []) : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      style={{ marginBottom: 16 }}
      message={errorText(error, locale)}
      description={
        details.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
