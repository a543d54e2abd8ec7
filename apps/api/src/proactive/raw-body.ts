import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** The paths whose exact body bytes are kept beside the parsed JSON: a signature is over those bytes. */
export const RAW_BODY_PATHS = ['/events/inbound'];

const RAW = Symbol('rawBody');
type WithRaw = IncomingMessage & { [RAW]?: Buffer };

/** body-parser's `verify` hook: keeps the bytes of signed routes only (others are not held twice). */
export function keepRawBody(request: IncomingMessage, _response: unknown, bytes: Buffer): void {
  const path = (request.url ?? '').split('?')[0];
  if (RAW_BODY_PATHS.includes(path)) (request as WithRaw)[RAW] = bytes;
}

export function rawBodyOf(request: Request): Buffer | undefined {
  return (request as unknown as WithRaw)[RAW];
}
