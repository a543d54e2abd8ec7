import { ApiError, ApiErrorCode } from './api-error';
import { classify, statusOf } from './api-exception.filter';
import { problemLanguageOf, problemTitle, problemType, toProblemDetails } from './problem-details';
import { fromPostgresDataError } from './data-errors';
import { charsetOf, fromBodyParserError, hostileShapeOf, MAX_JSON_DEPTH } from './request-body';

describe('problem details', () => {
  it('gives every code a stable type URI and a title in both languages', () => {
    for (const code of Object.values(ApiErrorCode)) {
      expect(problemType(code)).toMatch(/^https:\/\/onething\.dev\/problems\/[a-z-]+$/);
      expect(problemTitle(code, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(problemTitle(code, 'en')).toMatch(/^[A-Z][A-Za-z ]+$/);
    }
    expect(problemType(ApiErrorCode.ValidationFailed)).toBe(
      'https://onething.dev/problems/validation-failed',
    );
  });

  it('keeps the fields earlier clients read beside the RFC 9457 members', () => {
    const error = new ApiError(ApiErrorCode.ValidationFailed, 'name: too long', 'name', [
      { code: 'too_big', message: 'too long', path: 'name' },
    ]);
    expect(toProblemDetails(error, 400, 'en')).toEqual({
      type: 'https://onething.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'name: too long',
      code: 'VALIDATION_FAILED',
      message: 'name: too long',
      path: 'name',
      details: [{ code: 'too_big', message: 'too long', path: 'name' }],
    });
  });
});

describe('the language of an answer', () => {
  it('is en when English is negotiated, zh-CN for any Chinese and for anything else', () => {
    expect(problemLanguageOf(() => 'en')).toBe('en');
    expect(problemLanguageOf(() => 'zh')).toBe('zh-CN');
    expect(problemLanguageOf(() => 'zh-CN')).toBe('zh-CN');
    expect(problemLanguageOf(() => false)).toBe('zh-CN');
  });
});

describe('classifying what a request threw', () => {
  const bodyParserError = (type: string, status: number) => Object.assign(new Error(type), { type, status });

  it.each([
    ['entity.parse.failed', 400, 400, 'MALFORMED_JSON'],
    ['entity.too.large', 413, 413, 'PAYLOAD_TOO_LARGE'],
    ['encoding.unsupported', 415, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['charset.unsupported', 415, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['request.size.invalid', 400, 400, 'VALIDATION_FAILED'],
    ['request.aborted', 400, 400, 'VALIDATION_FAILED'],
  ])('answers the body parser’s %s with a client error', (type, thrown, status, code) => {
    const error = classify(bodyParserError(type, thrown));
    expect({ status: statusOf(error.code), code: error.code }).toEqual({ status, code });
  });

  it('answers a value PostgreSQL cannot hold with 400, without echoing the driver’s message', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 in "secret"'), {
      name: 'QueryFailedError',
      driverError: { code: '22021' },
    });
    const error = classify(nul);
    expect(statusOf(error.code)).toBe(400);
    expect(error.details[0]).toMatchObject({ code: 'UNSTORABLE_VALUE' });
    expect(JSON.stringify(error.details)).not.toContain('secret');
    // Other classes (a constraint, a lost connection) are not the client's value.
    expect(
      fromPostgresDataError(Object.assign(new Error('x'), { name: 'QueryFailedError', code: '23505' })),
    ).toBe(undefined);
    expect(fromPostgresDataError(Object.assign(new Error('x'), { code: '22001' }))).toBe(undefined);
  });

  it('answers a URL whose percent-encoding does not decode with 400', () => {
    const error = classify(Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400 }));
    expect({ status: statusOf(error.code), detail: error.details[0]?.code }).toEqual({
      status: 400,
      detail: 'MALFORMED_URL',
    });
  });

  it('answers anything unrecognised with 500', () => {
    expect(classify(new TypeError('x')).code).toBe('INTERNAL');
    expect(fromBodyParserError(new Error('x'))).toBe(undefined);
  });
});

describe('request bodies', () => {
  it('reads the charset of a content type', () => {
    expect(charsetOf('application/json')).toBe(undefined);
    expect(charsetOf('application/json; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('application/json;charset="latin1"')).toBe('latin1');
  });

  it('refuses bodies nested deeper than the limit, without overflowing the stack itself', () => {
    const nest = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
    expect(hostileShapeOf(nest(MAX_JSON_DEPTH))).toBe(undefined);
    expect(hostileShapeOf(nest(MAX_JSON_DEPTH + 1))?.details[0]?.code).toBe('NESTING_TOO_DEEP');
    expect(hostileShapeOf(nest(400_000))?.details[0]?.code).toBe('NESTING_TOO_DEEP');
  });

  it('refuses own __proto__ keys wherever they are, and leaves Object.prototype alone', () => {
    const body = JSON.parse('{"a":[{"b":{"__proto__":{"polluted":true}}}]}') as unknown;
    expect(hostileShapeOf(body)).toMatchObject({
      path: 'a.0.b.__proto__',
      details: [{ code: 'FORBIDDEN_KEY' }],
    });
    expect(({} as Record<string, unknown>).polluted).toBe(undefined);
    expect(hostileShapeOf({ constructor: { prototype: { polluted: true } } })).toBe(undefined);
  });
});
