/**
 * Starts the sandbox cloud: the in-memory cloud, its HTTP API on 127.0.0.1 (never another address), the spot
 * preemption ticker, and a folder under the system's temporary directory for the launches' files. `close()` kills
 * every process, stops the server and removes the folder. The CLI (src/cli/commands/sandbox.ts) adds the signal
 * handling; tests start it in-process on port 0.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createRng } from '../core/rng.js';
import { SandboxCloud } from './cloud.js';
import type { SandboxConfig } from './config.js';
import { sandboxHttp } from './http.js';

export const SANDBOX_HOST = '127.0.0.1';
export const DEFAULT_SANDBOX_PORT = 8471;
/** Real milliseconds between two spot preemption draws. */
const TICK_MS = 200;

export interface RunningSandbox {
  readonly url: string;
  readonly port: number;
  readonly cloud: SandboxCloud;
  close(): Promise<void>;
}

export async function startSandbox(config: SandboxConfig, opts: { port?: number } = {}): Promise<RunningSandbox> {
  const root = mkdtempSync(join(tmpdir(), 'skyfleet-sandbox-'));
  const cloud = new SandboxCloud(config, {
    now: () => Date.now(),
    rng: createRng(config.seed),
    root,
    path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  });
  const http = sandboxHttp(cloud);
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({
        fetch: http.app.fetch,
        port: opts.port ?? DEFAULT_SANDBOX_PORT,
        hostname: SANDBOX_HOST,
      }) as Server;
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
  } catch (e) {
    cloud.shutdown();
    throw e;
  }
  let last = Date.now();
  const ticker = setInterval(() => {
    const now = Date.now();
    cloud.tick(now - last);
    last = now;
  }, TICK_MS);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${SANDBOX_HOST}:${port}`,
    port,
    cloud,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(ticker);
        cloud.shutdown();
        http.releaseHeld();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
