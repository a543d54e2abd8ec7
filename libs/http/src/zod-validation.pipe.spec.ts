import { z } from 'zod';
import { textField } from '@onething/text';
import { ApiError } from './api-error';
import { parseOrThrow } from './zod-validation.pipe';

function refusal(schema: z.ZodType, value: unknown): ApiError {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseOrThrow', () => {
  it("reports a custom issue under its own code (the text policy's), at the field's path", () => {
    const error = refusal(z.strictObject({ reason: textField({ multiline: true }) }), { reason: 'a\u0000' });
    expect(error.details).toEqual([
      { code: 'TEXT_CONTROL_CHARACTER', message: expect.stringContaining('U+0000'), path: 'reason' },
    ]);
    expect(error.path).toBe('reason');
  });

  it("keeps zod's code for its own issues, and unknown_field at the unknown key", () => {
    const error = refusal(z.strictObject({ n: z.number() }), { n: 'x', extra: 1 });
    expect(error.details.map((detail) => [detail.code, detail.path])).toEqual([
      ['invalid_type', 'n'],
      ['unknown_field', 'extra'],
    ]);
  });
});
