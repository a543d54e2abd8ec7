import { createConnection, createServer, Server, Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** The server goes away: open connections are reset and new ones refused. */
  cut(): Promise<void>;
  /** After `cut()`: listens again on the same port, so the application finds its server back. */
  restore(): Promise<void>;
  /**
   * The server stops answering without going away, as a SIGSTOPped process does: connections are still
   * accepted and what the application sends is taken, but nothing reaches the server and nothing comes
   * back. `thaw()` delivers what was held, both ways, in order.
   */
  freeze(): void;
  thaw(): void;
}

/** One direction of a proxied connection, which holds its data while the proxy is frozen. */
function relay(from: Socket, to: Socket, isFrozen: () => boolean, held: (() => void)[]) {
  from.on('data', (chunk: Buffer) => {
    if (isFrozen()) held.push(() => to.write(chunk));
    else to.write(chunk);
  });
}

/**
 * A loopback TCP proxy a test can cut, restore or freeze: the application behind it sees its server go
 * away, come back or stop answering, without disturbing the server that other tests share.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  // What frozen connections sent (either way), delivered by `thaw()`.
  let held: (() => void)[] = [];
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const connect = (client: Socket) => {
    // The application gave up while the proxy was frozen: nothing to connect.
    if (client.destroyed) return;
    const upstream = createConnection(target);
    track(upstream);
    relay(client, upstream, () => frozen, held);
    relay(upstream, client, () => frozen, held);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  const listen = async (port: number): Promise<Server> => {
    const server = createServer((client) => {
      track(client);
      // A frozen server's kernel still completes the handshake; its process never reads.
      if (frozen) held.push(() => connect(client));
      else connect(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return server;
  };
  let server: Server | undefined = await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    port,
    async cut() {
      const closing = server;
      server = undefined;
      held = [];
      await new Promise<void>((resolve) => {
        if (!closing) return resolve();
        closing.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    async restore() {
      server ??= await listen(port);
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      const pending = held;
      held = [];
      for (const deliver of pending) deliver();
    },
  };
}
