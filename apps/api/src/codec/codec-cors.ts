import type { INestApplication } from '@nestjs/common';
import type { CorsOptionsDelegate } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { Request } from 'express';

/** The codec server's routes: the only ones a browser on another origin (the Temporal Web UI) may call. */
const CODEC_PATH = /^\/codec\/(encode|decode)(\?|$)/;

/**
 * CORS for the Temporal Web UI's codec calls, from the allow-listed origins only and only on `/codec/*`:
 * the UI sends them with credentials (the API's session cookie, or a bearer token when it passes one)
 * and its `X-Namespace` header. Every other route answers no CORS headers, so no other origin's page
 * can read the API with a signed-in person's credentials.
 */
export function enableCodecCors(app: INestApplication, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  const delegate: CorsOptionsDelegate<Request> = (request, callback) => {
    if (!CODEC_PATH.test(request.url)) return callback(null, { origin: false });
    callback(null, {
      origin: (origin, decide) => decide(null, origin !== undefined && allowed.has(origin)),
      credentials: true,
      methods: ['POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-namespace', 'x-request-id'],
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    });
  };
  app.enableCors(delegate);
}
