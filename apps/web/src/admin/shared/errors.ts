import { ApiError } from '../shell';

/**
 * A server refusal spread over a form's fields: `details[].path` (or the problem's `path`) names the
 * field, e.g. `auth.secret` or `nameZh`; whatever names no field of the form is the form's own error.
 */
export interface FieldErrors {
  fields: Record<string, string>;
  form?: string;
}

export function fieldErrorsOf(error: unknown, fields: readonly string[]): FieldErrors {
  if (!(error instanceof ApiError))
    return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  const found: Record<string, string> = {};
  const details = error.details.length > 0 ? error.details : problemPath(error);
  const unplaced: string[] = [];
  for (const detail of details) {
    const field = fields.find((name) => detail.path === name || detail.path.startsWith(`${name}.`));
    if (field && !found[field]) found[field] = detail.message;
    else unplaced.push(detail.message);
  }
  const placed = Object.keys(found).length > 0;
  return {
    fields: found,
    ...(placed && unplaced.length === 0 ? {} : { form: unplaced[0] ?? messageOf(error) }),
  };
}

function problemPath(error: ApiError): { path: string; message: string }[] {
  const path = typeof error.problem.path === 'string' ? error.problem.path : '';
  return path ? [{ path, message: messageOf(error) }] : [];
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = error.problem.detail;
    return typeof detail === 'string' && detail ? detail : error.title;
  }
  return error instanceof Error ? error.message : String(error);
}
