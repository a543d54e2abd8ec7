import { z } from 'zod';
import { publicFactsSchema } from './result-document';

/** A detached compact JWS: `header..signature`, base64url parts. */
export const detachedSignatureSchema = z
  .string()
  .max(2_000)
  .regex(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/, 'a detached JWS (header..signature)');

/**
 * Any JSON value as a result document holds one: texts (reasons, titles, issued numbers) and lists
 * (departments, outputs) bounded well above what the platform issues, so no one is verified at length.
 */
type PresentedJson = string | number | boolean | null | PresentedJson[] | { [key: string]: PresentedJson };
const presentedKey = z.string().max(100);
const presentedJson: z.ZodType<PresentedJson> = z.lazy(() =>
  z.union([
    z.string().max(10_000),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(presentedJson).max(200),
    z.record(presentedKey, presentedJson),
  ]),
);

/** The bytes `POST /verify` reads: a result document and its signature, with room (see create-api.ts). */
export const VERIFY_BODY_LIMIT = '128kb';

/** The holder presents the whole document and its signature. */
export const verifyPresentedSchema = z.strictObject({
  document: z.record(presentedKey, presentedJson),
  signature: detachedSignatureSchema,
});
export type VerifyPresentedDto = z.infer<typeof verifyPresentedSchema>;

export const resultIdSchema = z.uuid({ message: 'a result id (UUID)' });
export const verifyByIdQuerySchema = z.strictObject({ sig: detachedSignatureSchema });

export const verificationResponseSchema = z.object({
  valid: z.boolean(),
  /** The non-personal facts of a valid result; null when it does not verify. */
  result: publicFactsSchema.nullable(),
});
export type VerificationResponse = z.infer<typeof verificationResponseSchema>;

/** `GET /cases/:id/result.json`: the document as signed, its signature, and where it verifies. */
export const signedResultResponseSchema = z.object({
  document: z.record(z.string(), z.unknown()),
  /** RFC 8785 canonical JSON of `document`: the exact signed bytes. */
  canonical: z.string(),
  signature: z.string(),
  verification: z.object({ resultId: z.uuid(), url: z.string() }),
});
export type SignedResultResponse = z.infer<typeof signedResultResponseSchema>;

/** `GET /.well-known/result-keys.json`: the public halves of the result signing keys (a JWKS). */
export const resultKeysResponseSchema = z.object({
  keys: z.array(
    z.object({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() }).loose(),
  ),
});
/** `GET /cases/:id/result.pdf` answers `application/pdf` bytes; its path parameter is the case id. */
export const resultPdfParamsSchema = z.object({ id: z.uuid() });
