import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLoadBalancer, type RunningLoadBalancer } from './load-balancer';

/** A replica that answers with its name and echoes the body it received. */
async function replica(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-replica': name });
      res.end(
        JSON.stringify({ name, method: req.method, path: req.url, body: Buffer.concat(chunks).toString() }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('startLoadBalancer', () => {
  let balancer: RunningLoadBalancer | undefined;
  const servers: Server[] = [];
  afterEach(async () => {
    await balancer?.close();
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  it('sends requests to the replicas in turn, with method, path, body, status and headers intact', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    servers.push(a.server, b.server);
    balancer = await startLoadBalancer({ host: '127.0.0.1', port: 0, backends: [a.url, b.url] });
    const answers: Record<string, unknown>[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${balancer.url}/cases?x=${i}`, { method: 'POST', body: `body-${i}` });
      answers.push({
        status: response.status,
        replica: response.headers.get('x-replica'),
        ...((await response.json()) as Record<string, unknown>),
      });
    }
    expect(answers.map((a) => a.name)).toEqual(['a', 'b', 'a', 'b']);
    expect(answers[3]).toMatchObject({
      status: 201,
      replica: 'b',
      method: 'POST',
      path: '/cases?x=3',
      body: 'body-3',
    });
    expect(balancer.served()).toEqual([2, 2]);
  });

  it('skips a replica that refuses connections, and answers 502 when none is up', async () => {
    const a = await replica('a');
    servers.push(a.server);
    const down = await replica('down');
    await new Promise((resolve) => down.server.close(resolve));
    balancer = await startLoadBalancer({ host: '127.0.0.1', port: 0, backends: [down.url, a.url] });
    const names = [];
    for (let i = 0; i < 3; i += 1)
      names.push(((await (await fetch(`${balancer.url}/x`)).json()) as { name: string }).name);
    expect(names).toEqual(['a', 'a', 'a']);
    await new Promise((resolve) => a.server.close(resolve));
    servers.length = 0;
    const response = await fetch(`${balancer.url}/x`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502, code: 'UPSTREAM_UNAVAILABLE' });
  });
});
