import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generateWebhookSecret, signWebhook } from '@onething/events';

/**
 * The receiver in docs/department-systems/webhooks.md, run as it is printed: it accepts a signed
 * delivery once, dedupes its retry by id, and refuses a tampered or stale one.
 */
const root = join(__dirname, '..');
const page = readFileSync(join(root, 'docs/department-systems/webhooks.md'), 'utf8');

function receiverSnippet(): string {
  const marker = page.indexOf('<!-- receiver.mjs');
  const block = /```js\n([\s\S]*?)```/.exec(page.slice(marker));
  if (marker < 0 || !block) throw new Error('the receiver snippet is gone from the webhooks page');
  return block[1];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let receiver: ChildProcessWithoutNullStreams;
let output = '';
let url: string;
const secret = generateWebhookSecret();

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  // Run from the repository, so `standardwebhooks` resolves as it would in the reader's project.
  receiver = spawn(process.execPath, ['--input-type=module'], {
    cwd: root,
    env: { PATH: process.env.PATH, WEBHOOK_SECRET: secret, PORT: String(port) },
  });
  receiver.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  receiver.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  receiver.stdin.end(receiverSnippet());
  await new Promise<void>((resolve, reject) => {
    receiver.once('exit', (code) => reject(new Error(`the receiver exited (${code}): ${output}`)));
    receiver.stdout.on('data', () => output.includes('listening') && resolve());
  });
});
afterAll(() => {
  receiver.kill();
});

const event = {
  specversion: '1.0',
  id: 'evt_7',
  type: 'task.opened',
  source: 'https://onething.example',
  subject: 'cases/6f1c2a9e-8d1b-4d53-9a3e-2b9c1f0e7a11',
  sequence: '7',
  data: { taskId: 't-1' },
};
const body = JSON.stringify(event);

async function deliver(text: string, timestamp = new Date(), signedBody = text) {
  const headers = signWebhook({ id: event.id, timestamp, body: signedBody }, [secret]);
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/cloudevents+json' },
    body: text,
  });
  return response.status;
}

describe('the receiver printed on the webhooks page', () => {
  it('accepts a signed delivery, and answers its retry as already handled', async () => {
    expect(await deliver(body)).toBe(204);
    expect(await deliver(body)).toBe(200);
    expect(output).toContain(`task.opened ${event.subject} sequence 7`);
  });

  it('refuses a tampered body and a delivery replayed after the five-minute window', async () => {
    expect(await deliver(body.replace('task.opened', 'task.closed'), new Date(), body)).toBe(401);
    expect(await deliver(body, new Date(Date.now() - 6 * 60_000))).toBe(401);
  });
});
