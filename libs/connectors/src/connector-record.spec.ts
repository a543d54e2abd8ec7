import {
  changedSettings,
  connectorInputSchema,
  connectorSettingsSchema,
  needsSecret,
} from './connector-record';

const settings = connectorSettingsSchema.parse({
  name: { 'zh-CN': '人才认定', en: 'Talent certification' },
  department: 'talent-office',
  baseUrl: 'https://certify.example/api/',
  auth: { type: 'hmac' },
});

describe('connector settings', () => {
  it('defaults the mappings to empty and drops a trailing slash from URLs', () => {
    expect(settings).toMatchObject({
      baseUrl: 'https://certify.example/api',
      requestMapping: {},
      responseMapping: {},
    });
  });

  it('keeps the secret out of the stored settings: it is accepted only in the input', () => {
    const input = { ...settings, auth: { type: 'hmac', secret: 'a-long-enough-secret' } };
    expect(connectorInputSchema.safeParse(input).success).toBe(true);
    expect(connectorSettingsSchema.safeParse(input).success).toBe(false);
    expect(
      needsSecret('hmac') && needsSecret('bearer') && !needsSecret('none') && !needsSecret('default'),
    ).toBe(true);
  });

  it.each([
    ['a retry budget above the bound', { retry: { maximumAttempts: 11 } }, 'retry.maximumAttempts'],
    ['a URL with a query', { baseUrl: 'https://x.example/a?b=c' }, 'baseUrl'],
    ['a short secret', { auth: { type: 'bearer', secret: 'short' } }, 'auth.secret'],
    ['a secret with spaces', { auth: { type: 'bearer', secret: 'has spaces in the secret' } }, 'auth.secret'],
    ['a department that is not a code', { department: 'Talent Office' }, 'department'],
  ])('refuses %s at its path', (_name, override, path) => {
    const result = connectorInputSchema.safeParse({ ...settings, ...override });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('names what changed between versions, and a new secret without its value', () => {
    const next = { ...settings, timeoutMs: 5000, auth: { type: 'bearer' as const } };
    expect(changedSettings(settings, next, true)).toEqual(['auth.type', 'timeoutMs', 'auth.secret']);
    expect(changedSettings(settings, settings, false)).toEqual([]);
  });
});
