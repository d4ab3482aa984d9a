import { useState } from 'react';

/** A form action's state: busy while it runs, and the error it failed with (shown by the caller). */
export function useSubmit<T>(action: (values: T) => Promise<void>): {
  submit: (values: T) => Promise<void>;
  submitting: boolean;
  error: unknown;
} {
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  async function submit(values: T): Promise<void> {
    setSubmitting(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  }
  return { submit, submitting, error };
}
