import { Alert, Button, Typography } from 'antd';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The end of a stamping form: the server's refusal, the submit button, and why it may be disabled. */
export function SubmitBlock({
  prefix,
  error,
  submitting,
  disabled,
  label,
  noFileHint,
}: {
  /** Names the test ids: `${prefix}-error`, `${prefix}-submit`. */
  prefix: string;
  error: unknown;
  submitting: boolean;
  disabled: boolean;
  label: string;
  /** Shown under the button while no file is chosen; null hides it. */
  noFileHint: string | null;
}) {
  const locale = useLocale();
  return (
    <>
      {error !== null && (
        <Alert
          data-testid={`${prefix}-error`}
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={errorText(error, locale)}
        />
      )}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={submitting}
        disabled={disabled}
        data-testid={`${prefix}-submit`}
      >
        {label}
      </Button>
      {noFileHint !== null && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {noFileHint}
        </Typography.Text>
      )}
    </>
  );
}
