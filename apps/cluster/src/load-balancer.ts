import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancerOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  /** The replicas, e.g. `http://127.0.0.1:7820`. */
  backends: string[];
  /** Largest request body it holds to resend to the next replica when one refuses the connection. */
  maxBodyBytes?: number;
}

export interface RunningLoadBalancer {
  url: string;
  /** How many requests each backend answered, in `backends` order. */
  served(): number[];
  close(): Promise<void>;
}

// A refused connection never reached a handler (a reset one may have): the request can go to the next replica.
const UNREACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH']);
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

/**
 * A small round-robin HTTP load balancer for the local cluster's API replicas: each request goes to the
 * next replica; a replica that is down (restarting) is skipped. Production puts a real one in front.
 */
export async function startLoadBalancer(options: LoadBalancerOptions): Promise<RunningLoadBalancer> {
  const counts = options.backends.map(() => 0);
  const limit = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let next = 0;
  const server: Server = createServer((req, res) => {
    readBody(req, limit).then(
      (body) => {
        const first = next;
        next = (next + 1) % options.backends.length;
        forward(req, res, body, first, 0);
      },
      () => answer(res, 413, 'request body too large for the local load balancer'),
    );
  });
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, index: number, tried: number) => {
    const target = new URL(req.url ?? '/', options.backends[index]);
    const headers: Record<string, string | string[] | undefined> = {
      ...req.headers,
      'x-forwarded-for': req.socket.remoteAddress ?? '',
      'x-forwarded-host': req.headers.host ?? '',
    };
    for (const header of HOP_BY_HOP) delete headers[header];
    headers['content-length'] = String(body.length);
    const upstream = httpRequest(target, { method: req.method, headers }, (answerFromReplica) => {
      counts[index] += 1;
      const replyHeaders: Record<string, string | string[] | undefined> = { ...answerFromReplica.headers };
      for (const header of HOP_BY_HOP) delete replyHeaders[header];
      res.writeHead(answerFromReplica.statusCode ?? 502, replyHeaders);
      answerFromReplica.pipe(res);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) return res.destroy(error);
      if (UNREACHED.has(error.code ?? '') && tried + 1 < options.backends.length)
        return forward(req, res, body, (index + 1) % options.backends.length, tried + 1);
      answer(res, 502, `no API replica answered (${error.code ?? error.message})`);
    });
    upstream.end(body);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    served: () => [...counts],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new Error('too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A problem-details answer of the balancer's own (no replica answered). */
function answer(res: ServerResponse, status: number, detail: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: status === 413 ? 'Payload too large' : 'Bad gateway',
      status,
      detail,
      code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UPSTREAM_UNAVAILABLE',
    }),
  );
}
