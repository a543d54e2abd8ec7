import type { IncomingHttpHeaders } from 'node:http';
import { KEBAB_CASE } from '@onething/case-model';
import type { SecretBox } from '@onething/codec';
import { verifyWebhook, WebhookSignatureError } from '@onething/events';
import { ApiError, ApiErrorCode } from '@onething/http';
import type { InboundSourceRow, ReadModelRepositories } from '@onething/persistence';

/** The sealed secret's authenticated context: a ciphertext copied to another source does not open. */
export function inboundSecretContext(code: string): string {
  return `inbound-source:${code}`;
}

/**
 * The one check an inbound event passes before anything is read from it or stored: its source is a
 * registered, active inbound source, and the Standard Webhooks signature over the exact body bytes holds
 * with that source's secret within the replay window (libs/events `verifyWebhook`). Anything else is 401
 * INBOUND_SIGNATURE_INVALID, with the reason (never the secret or the body).
 */
export async function verifyInboundSignature(
  readModel: ReadModelRepositories,
  box: SecretBox,
  request: { rawBody: Buffer | undefined; headers: IncomingHttpHeaders; sourceCode: unknown },
): Promise<InboundSourceRow> {
  // Only a well-formed code is looked up: any other text (a NUL, a bidi control) names no source anyway.
  const source =
    typeof request.sourceCode === 'string' &&
    request.sourceCode.length <= 63 &&
    KEBAB_CASE.test(request.sourceCode)
      ? await readModel.proactive.findActiveSource(request.sourceCode)
      : undefined;
  if (!source || !request.rawBody)
    throw refused('UNKNOWN_SOURCE', 'source', 'no active inbound source of this name');
  const secret = box.open(source.secretSealed, inboundSecretContext(source.code));
  try {
    verifyWebhook(request.rawBody.toString('utf8'), request.headers, [secret]);
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    throw refused(error.reason.toUpperCase().replaceAll('-', '_'), 'webhook-signature', error.message);
  }
  return source;
}

function refused(code: string, path: string, message: string): ApiError {
  return new ApiError(ApiErrorCode.InboundSignatureInvalid, message, path, [{ code, message, path }]);
}
