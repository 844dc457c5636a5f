/** For tests: a TCP proxy on 127.0.0.1 in front of a server (PostgreSQL), which a test can cut — every socket
 * destroyed and the port closed — and open again on the same port. */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** Listens on 127.0.0.1:`port` (0: a free one); answers the port. */
  listen(port: number): Promise<number>;
  /** Destroys every socket and stops listening. */
  cut(): Promise<void>;
}

export function tcpProxy(target: { readonly host: string; readonly port: number }): TcpProxy {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        const s = createServer((client) => {
          const upstream = createConnection({ host: target.host, port: target.port });
          for (const sock of [client, upstream]) {
            sockets.add(sock);
            sock.on('close', () => sockets.delete(sock));
            sock.on('error', () => undefined);
          }
          client.pipe(upstream).pipe(client);
        });
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => {
          server = s;
          const address = s.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      }),
    cut: () =>
      new Promise((resolve) => {
        for (const sock of sockets) sock.destroy();
        sockets.clear();
        const s = server;
        server = undefined;
        if (s === undefined) resolve();
        else s.close(() => resolve());
      }),
  };
}

/** `url` (a postgres:// URL) through 127.0.0.1:`port`, in schema `schema`. */
export function throughPort(url: string, port: number, schema: string): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  u.searchParams.set('schema', schema);
  return u.href;
}

/** The host and port of a postgres:// URL. */
export function targetOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432) };
}
