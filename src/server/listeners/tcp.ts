import { createServer, type Server, type Socket } from 'node:net';

/**
 * A plain TCP listener (`ldap://`). It only accepts sockets; everything LDAP
 * happens in the connection core, which takes any duplex stream.
 */
export function createTcpListener(onSocket: (socket: Socket) => void): Server {
  // Responses are small and latency matters more than packet count.
  return createServer({ noDelay: true }, onSocket);
}

/** Starts listening; resolves with the bound port (useful with port 0), rejects on EADDRINUSE and the like. */
export function listen(server: Server, host: string, port: number): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('listener has no TCP address'));
        return;
      }
      resolve({ host: address.address, port: address.port });
    });
  });
}

/** Stops accepting; resolves once the listening socket is closed (open connections are left alone). */
export function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
