import type { z } from 'zod';
import type { DomainErrorDetail } from './domain-error';

/** A custom issue may name its own machine-readable code (the text policy's TEXT_*) in `params.code`. */
function detailCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'unknown_field';
  const own = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof own === 'string' ? own : issue.code;
}

/** zod's issues as `{code, message, path}` details, the shape every refusal names its fields in. */
export function issuesToDetails(issues: z.core.$ZodIssue[]): DomainErrorDetail[] {
  return issues.map((issue) => ({
    code: detailCode(issue),
    message: issue.message,
    // An unknown key is reported at the key itself, so the client can point at it.
    path: [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
      .map(String)
      .join('.'),
  }));
}
