import { DomainError } from './domain-error';

/** Refusals of an upload, of a reference to one, and of a download; the API maps each to one status. */
export enum UploadErrorCode {
  /** More bytes than the configuration or the field allows (the stream is cut, nothing is stored). */
  TooLarge = 'UPLOAD_TOO_LARGE',
  /** The bytes are of a type the configuration or the field does not accept (whatever the name says). */
  TypeNotAccepted = 'UPLOAD_TYPE_NOT_ACCEPTED',
  Empty = 'UPLOAD_EMPTY',
  /** A path, a control character or an invisible character in the file name. */
  NameRefused = 'UPLOAD_NAME_REFUSED',
  /** The applicant holds as many unreferenced uploads as allowed, or the field's `maxCount`. */
  TooMany = 'UPLOAD_TOO_MANY',
  /** The named definition or field does not exist or is not an attachment field. */
  UnknownField = 'UPLOAD_UNKNOWN_FIELD',
  /** The malware scanner found something. */
  Infected = 'UPLOAD_INFECTED',
  /** The malware scanner could not be reached; the upload can be tried again. */
  ScanUnavailable = 'UPLOAD_SCAN_UNAVAILABLE',
  /** A case names a `sha256:` reference that is not the caller's upload or material. */
  AttachmentUnknown = 'ATTACHMENT_UNKNOWN',
  NotFound = 'UPLOAD_NOT_FOUND',
}

export class UploadError extends DomainError<UploadErrorCode> {
  constructor(code: UploadErrorCode, message: string, path = '') {
    super(code, message, path, [{ code, message, path }]);
  }
}
