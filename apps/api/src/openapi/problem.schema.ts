import { z } from 'zod';
import { ApiErrorCode, PROBLEM_CONTENT_TYPE } from '@onething/http';

/** RFC 9457 problem details as `libs/http` writes them (`toProblemDetails`). */
export const problemDetailsSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    // Open: a feature may answer its own code (e.g. DEFINITION_INVALID with every issue).
    code: z.string().meta({ examples: Object.values(ApiErrorCode) }),
    message: z.string(),
    path: z.string().meta({ description: 'Dotted path of the offending field; "" for the whole request.' }),
    details: z.array(z.object({ code: z.string(), message: z.string(), path: z.string() })).optional(),
  })
  .meta({ id: 'ProblemDetails', description: 'RFC 9457 problem details with a machine-readable code.' });

export const problemResponse = {
  description: 'A problem (RFC 9457): `code` says which, `path` names the offending field.',
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemDetailsSchema } },
};
