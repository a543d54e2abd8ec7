import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may read `/metrics`: with a token configured (METRICS_TOKEN), whoever sends it as a bearer token;
 * without one, only the machine itself (a Prometheus or a curl on localhost). Metrics hold no personal
 * data, but they tell an outsider the load, the departments and the failure rates.
 */
export function metricsAccessAllowed(request: IncomingMessage, token: string | undefined): boolean {
  if (token) {
    const sent = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const expected = Buffer.from(token);
    const actual = Buffer.from(sent);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
  return isLoopback(request.socket.remoteAddress);
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}
