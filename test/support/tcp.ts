/**
 * Small TCP stand-ins for failure modes a real server is hard to put in:
 * a port that accepts connections and never answers, and a counting proxy
 * whose connections a test can watch open and close.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** Accepts TCP connections and reads everything, answering nothing: a hung server. */
export async function startSilentServer(): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return { url: `ldap://127.0.0.1:${port}`, close: closer(server, sockets) };
}

export interface CountingProxy extends Listening {
  /** Connections opened so far. */
  readonly opened: number;
  /** Connections currently open. */
  readonly open: number;
  /** Resolves when the number of open connections becomes `n`. */
  waitForOpen(n: number): Promise<void>;
}

/** Forwards to `target` (host:port) and counts the client connections. */
export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let opened = 0;
  const watchers: Array<() => void> = [];
  const changed = () => {
    for (const w of watchers.splice(0)) w();
  };
  const server = createServer((client) => {
    opened++;
    sockets.add(client);
    const upstream = createConnection(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      if (sockets.delete(client)) changed();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    changed();
  });
  const port = await listen(server);
  const proxy: CountingProxy = {
    url: `ldap://127.0.0.1:${port}`,
    get opened() {
      return opened;
    },
    get open() {
      return sockets.size;
    },
    async waitForOpen(n: number) {
      while (sockets.size !== n) await new Promise<void>((resolve) => watchers.push(resolve));
    },
    close: closer(server, sockets),
  };
  return proxy;
}

/** A URL on which nothing listens (the port was free a moment ago). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ldap://127.0.0.1:${port}`;
}
