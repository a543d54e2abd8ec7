import { UploadError, UploadErrorCode } from '@onething/errors';
import { normalizeText, textProblem } from '@onething/text';

/** As long as the attachment field's `name` may be (libs/definition's ATTACHMENT_NAME_MAX_LENGTH). */
export const UPLOAD_NAME_MAX_LENGTH = 255;

/**
 * The file name as the applicant's device gave it, checked by the text policy for names (no control,
 * invisible or direction-changing characters). A name that is a path (`../x.pdf`, `C:\x.pdf`, `a/b`) is
 * refused rather than cut down: a client that sends one is confused or probing, and a silently shortened
 * name would be a surprise later.
 */
export function checkedFileName(raw: string | undefined): string {
  const path = 'name';
  if (raw === undefined) throw new UploadError(UploadErrorCode.NameRefused, 'The file name is missing', path);
  const problem = textProblem(raw, { kind: 'name', max: UPLOAD_NAME_MAX_LENGTH });
  if (problem) throw new UploadError(UploadErrorCode.NameRefused, problem.message.en, path);
  const name = normalizeText(raw);
  if (/[/\\:]/.test(name) || name === '.' || name === '..')
    throw new UploadError(UploadErrorCode.NameRefused, 'A file name must not be a path', path);
  return name;
}
