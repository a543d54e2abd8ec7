import {
  AuthError,
  AuthErrorCode,
  CalendarError,
  CalendarErrorCode,
  ConnectorErrorCode,
  DomainError,
  TooManyAttempts,
  UploadErrorCode,
} from '@onething/errors';
import { ApiErrorCode } from './api-error';
import {
  apiCodeOfAuth,
  apiCodeOfCalendar,
  apiCodeOfUpload,
  apiCodeOfConnector,
  classify,
  statusOf,
} from './api-exception.filter';

describe('domain errors at the HTTP edge', () => {
  it('maps every auth and calendar code to an API code with a status', () => {
    for (const code of Object.values(AuthErrorCode))
      expect(statusOf(apiCodeOfAuth(code))).toBeGreaterThan(399);
    for (const code of Object.values(CalendarErrorCode))
      expect(statusOf(apiCodeOfCalendar(code))).toBeGreaterThan(399);
    for (const code of Object.values(UploadErrorCode))
      expect(statusOf(apiCodeOfUpload(code))).toBeGreaterThan(399);
  });

  it('answers an oversize upload 413 and a refused type 415, naming the upload rule', () => {
    expect(statusOf(apiCodeOfUpload(UploadErrorCode.TooLarge))).toBe(413);
    expect(statusOf(apiCodeOfUpload(UploadErrorCode.TypeNotAccepted))).toBe(415);
    expect(statusOf(apiCodeOfUpload(UploadErrorCode.AttachmentUnknown))).toBe(422);
  });

  it('maps every connector catalog error to a client error', () => {
    for (const code of Object.values(ConnectorErrorCode))
      expect(statusOf(apiCodeOfConnector(code))).toBeGreaterThan(399);
  });

  it('answers a hidden case like a missing one: 404 NOT_FOUND at its id', () => {
    const answer = classify(new AuthError(AuthErrorCode.CaseNotVisible, 'No such case', 'id'));
    expect(answer).toMatchObject({ code: ApiErrorCode.NotFound, message: 'No such case', path: 'id' });
  });

  it("keeps a throttled attempt's wait as Retry-After, in whole seconds", () => {
    const answer = classify(new TooManyAttempts(1_200));
    expect(answer).toMatchObject({ code: ApiErrorCode.TooManyRequests, retryAfterSeconds: 2 });
    expect(statusOf(answer.code)).toBe(429);
  });

  it('answers an unreachable identity provider like any outage: 503 naming it, with Retry-After', () => {
    const answer = classify(new AuthError(AuthErrorCode.IdentityProviderUnavailable, 'away'));
    expect(answer).toMatchObject({
      code: ApiErrorCode.ServiceUnavailable,
      details: [{ code: 'IDENTITY_PROVIDER_UNAVAILABLE' }],
    });
    expect(answer.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("passes a calendar refusal's details through unchanged as 422 CALENDAR_INVALID", () => {
    const details = [{ code: 'holiday_not_weekday', message: 'a Saturday', path: 'holidays.0.date' }];
    const answer = classify(new CalendarError(CalendarErrorCode.Invalid, 'bad', 'holidays.0.date', details));
    expect(answer).toMatchObject({ code: ApiErrorCode.CalendarInvalid, details });
    expect(statusOf(answer.code)).toBe(422);
  });

  it('treats a domain error of a feature the edge does not know as a defect (500)', () => {
    class Unmapped extends DomainError<'X'> {}
    expect(classify(new Unmapped('X', 'who knows')).code).toBe(ApiErrorCode.Internal);
  });
});
