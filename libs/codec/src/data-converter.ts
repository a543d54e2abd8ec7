import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { loadPayloadKeys } from './payload-keys';

/**
 * The data converter every Temporal client and worker of the project uses: with keys, payloads are
 * encrypted; without (development only, refused in production by the apps), they are plain.
 */
export function projectDataConverter(payloadKeys: string | undefined): DataConverter {
  return payloadKeys ? { payloadCodecs: [new EncryptionCodec(loadPayloadKeys(payloadKeys))] } : {};
}
