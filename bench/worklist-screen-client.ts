/**
 * The worklist screen's HTTP client for `npm run bench:worklist`, as a small process of its own: it holds
 * nothing but a signed-in worker and one keep-alive connection. The benchmark's own process holds the
 * loaded rows, a database connection and a larger heap; measured from there, its garbage collections
 * (up to 20 ms) and `fetch`'s allocation landed inside the timed requests and made up about a third of the
 * p99. The API's time is what the figure is about, so the client is kept out of it as far as a client can
 * be: node:http, one socket, a response parsed only when its cursor is needed.
 *
 * Started by `measureScreenInClient` (bench/worklist.ts) with `fork`; its one message in is a
 * `ScreenRun`, its one message out a `ScreenMeasured` (or `{ error }`).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** The screen's requests, measured round-robin: the floor, the first page, paging on, two filters. */
export const SCREEN_KINDS = [
  'floor (GET /me, for comparison)',
  'first page + total',
  'next pages by cursor',
  'assignee=unassigned',
  'assignee=me',
] as const;

export interface ScreenRun {
  base: string;
  username: string;
  password: string;
  /** Measured rounds (one request of each kind per round), after `warmUp` rounds of the same. */
  rounds: number;
  warmUp: number;
}

export interface ScreenMeasured {
  /** The first page's size and total, so a run that measured empty pages says so. */
  firstPage: { items: number; total: number | null };
  /** Samples (ms) per kind, in the order of `SCREEN_KINDS`. */
  samples: number[][];
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  body: string;
}

function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((answered, failed) => {
    const outgoing = request(`${base}${path}`, { method, headers, agent }, (incoming) => {
      incoming.setEncoding('utf8');
      let text = '';
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => answered({ status: incoming.statusCode ?? 0, body: text }));
      incoming.on('error', failed);
    });
    outgoing.on('error', failed);
    outgoing.end(body);
  });
}

async function measure(run: ScreenRun): Promise<ScreenMeasured> {
  const login = async () => {
    const body = JSON.stringify({ username: run.username, password: run.password });
    const answer = await send(run.base, 'POST', '/auth/login', { 'content-type': 'application/json' }, body);
    if (answer.status !== 200) throw new Error(`POST /auth/login answered ${answer.status}`);
    return (JSON.parse(answer.body) as { accessToken: string }).accessToken;
  };
  let token = await login();
  // An access token may expire during a long run: sign in again and repeat the request (once per
  // token's lifetime; the request that needed it is timed with its sign-in).
  const get = async (path: string): Promise<string> => {
    let answer = await send(run.base, 'GET', path, { authorization: `Bearer ${token}` });
    if (answer.status === 401) {
      token = await login();
      answer = await send(run.base, 'GET', path, { authorization: `Bearer ${token}` });
    }
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
    return answer.body;
  };
  const first = '/tasks?status=open&sort=due&limit=50';
  const page = JSON.parse(await get(first)) as { items: unknown[]; total?: number };
  const firstPage = { items: page.items.length, total: page.total ?? null };
  let cursor: string | null = null;
  let deep = 0;
  const kinds: (() => Promise<unknown>)[] = [
    () => get('/me'),
    () => get(first),
    async () => {
      if (deep++ % 20 === 0) cursor = null; // 20 pages deep, then from the top again
      const page = JSON.parse(await get(`${first}${cursor ? `&cursor=${cursor}` : ''}`)) as {
        nextCursor: string | null;
      };
      cursor = page.nextCursor;
    },
    () => get(`${first}&assignee=unassigned`),
    () => get(`${first}&assignee=me`),
  ];
  for (let round = 0; round < run.warmUp; round++) for (const kind of kinds) await kind();
  const samples: number[][] = kinds.map(() => []);
  for (let round = 0; round < run.rounds; round++) {
    for (const [k, kind] of kinds.entries()) {
      const start = performance.now();
      await kind();
      samples[k].push(performance.now() - start);
    }
  }
  return { firstPage, samples };
}

if (require.main === module) {
  process.once('message', (run: ScreenRun) => {
    measure(run).then(
      (measured) => process.send!(measured, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
}
