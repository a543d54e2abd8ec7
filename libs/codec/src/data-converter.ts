import type { DataConverter } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { EncryptionCodec } from './encryption-codec';
import { loadPayloadKeys } from './payload-keys';

/** The module exporting the project's `failureConverter`, for data converters and the workflow bundle. */
export const failureConverterPath = require.resolve('./failure-converter');

/**
 * The data converter every Temporal client and worker of the project uses: with keys, payloads are
 * encrypted; without (development only, refused in production by the apps), they are plain. Failure
 * messages and stack traces are encoded as a payload (failure-converter.ts), so they are encrypted too.
 */
export function projectDataConverter(payloadKeys: string | undefined): DataConverter {
  return {
    failureConverterPath,
    ...(payloadKeys ? { payloadCodecs: [new EncryptionCodec(loadPayloadKeys(payloadKeys))] } : {}),
  };
}

/**
 * A failure read raw from Temporal — `describe()`'s pending activities (`lastFailure`), a history event —
 * as an error whose message and stack are decrypted: raw, its message only says "Encoded failure".
 */
export function decodeRawFailure(
  payloadKeys: string | undefined,
  failure: temporal.api.failure.v1.IFailure | null | undefined,
): Promise<Error | undefined> {
  return decodeOptionalFailureToOptionalError(loadDataConverter(projectDataConverter(payloadKeys)), failure);
}
