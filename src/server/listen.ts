/**
 * The API on 127.0.0.1 only: listens, reports a taken port as a user error (`api.port-in-use`, exit 2), and closes (stops
 * accepting, ends idle keep-alive connections, waits for requests under way).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { UserError } from '../app/errors.js';

export const HOST = '127.0.0.1';

export interface Listening {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its variables
export async function listen(app: Hono<any>, port: number): Promise<Listening> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: HOST, port }) as Server;
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? new UserError(
              e.code === 'EADDRINUSE'
                ? `port ${port} on ${HOST} is in use (choose another with --port)`
                : `port ${port} on ${HOST} is not allowed (${e.code})`,
              2,
              'api.port-in-use',
            )
          : e,
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${HOST}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
