import { fromFile } from 'file-type';
import { UploadError, UploadErrorCode } from '@onething/errors';

/**
 * The content type the file's bytes show (magic numbers, by `file-type`), never the name's extension or
 * the client's header; refused unless `accepted` lists it. Bytes no signature matches (plain text, random
 * data) are refused too: every accepted type has one.
 */
export async function detectAcceptedType(path: string, accepted: readonly string[]): Promise<string> {
  const detected = await fromFile(path);
  if (!detected || !accepted.includes(detected.mime)) {
    throw new UploadError(
      UploadErrorCode.TypeNotAccepted,
      `The file's content is ${detected?.mime ?? 'of no recognised type'}; accepted: ${accepted.join(', ')}`,
    );
  }
  return detected.mime;
}
