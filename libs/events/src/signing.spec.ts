import { Webhook } from 'standardwebhooks';
import {
  generateWebhookSecret,
  isWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookSignatureError,
  type WebhookRejection,
} from './signing';

const body = JSON.stringify({ specversion: '1.0', id: 'evt_1', type: 'task.opened' });
const now = () => new Date();

function rejectionOf(run: () => unknown): WebhookRejection | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.reason;
    throw error;
  }
}

describe('Standard Webhooks signing', () => {
  const secret = generateWebhookSecret();

  it('generates whsec_ secrets of 32 random bytes that the library accepts', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret('whsec_short')).toBe(false);
    expect(isWebhookSecret('plain-text')).toBe(false);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('signs so that the standardwebhooks library itself verifies the message', () => {
    const headers = signWebhook({ id: 'evt_1', timestamp: now(), body }, [secret]);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('verifies and returns the message id, with header names in any case', () => {
    const headers = signWebhook({ id: 'evt_2', timestamp: now(), body }, [secret]);
    const shouted = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(body, shouted, [secret])).toBe('evt_2');
    expect(verifyWebhook(body, new Headers(headers), [secret])).toBe('evt_2');
  });

  it('signs with the old and the new secret during a rotation, and either verifies', () => {
    const next = generateWebhookSecret();
    const headers = signWebhook({ id: 'evt_3', timestamp: now(), body }, [next, secret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(body, headers, [secret])).toBe('evt_3');
    expect(verifyWebhook(body, headers, [next])).toBe('evt_3');
  });

  it('rejects a tampered body, a wrong secret and missing headers', () => {
    const headers = signWebhook({ id: 'evt_4', timestamp: now(), body }, [secret]);
    expect(rejectionOf(() => verifyWebhook(body.replace('task', 'case'), headers, [secret]))).toBe(
      'bad-signature',
    );
    expect(rejectionOf(() => verifyWebhook(body, headers, [generateWebhookSecret()]))).toBe('bad-signature');
    expect(rejectionOf(() => verifyWebhook(body, { 'webhook-id': 'evt_4' }, [secret]))).toBe(
      'missing-headers',
    );
  });

  it('rejects a message older or newer than the five-minute replay window', () => {
    const old = new Date(Date.now() - 6 * 60_000);
    const future = new Date(Date.now() + 6 * 60_000);
    const stale = signWebhook({ id: 'evt_5', timestamp: old, body }, [secret]);
    const early = signWebhook({ id: 'evt_6', timestamp: future, body }, [secret]);
    expect(rejectionOf(() => verifyWebhook(body, stale, [secret]))).toBe('stale');
    expect(rejectionOf(() => verifyWebhook(body, early, [secret]))).toBe('future');
    expect(rejectionOf(() => verifyWebhook(body, { ...stale, 'webhook-timestamp': 'soon' }, [secret]))).toBe(
      'bad-timestamp',
    );
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook({ id: 'evt_7', timestamp: now(), body }, [])).toThrow(/at least one secret/);
  });
});
