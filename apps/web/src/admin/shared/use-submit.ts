import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOf, type FieldErrors } from './errors';

/**
 * Sends a form and spreads a refusal over its fields (the server's `details[].path`); on success the
 * console's cached lists are refreshed.
 */
export function useSubmit<T>(fields: readonly string[]) {
  const queries = useQueryClient();
  const [errors, setErrors] = useState<FieldErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  async function submit(send: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setErrors({ fields: {} });
    try {
      const result = await send();
      await queries.invalidateQueries({ queryKey: ['admin'] });
      return result;
    } catch (error) {
      setErrors(fieldErrorsOf(error, fields));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { submit, errors, busy, reset: () => setErrors({ fields: {} }) };
}
