import type { DataConverter } from '@temporalio/common';
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
