/**
 * `skyfleet serve --fleet FILE [--port 8470] [--store URL] [--sandbox URL] [--log FILE]`: the control plane. Loads
 * the fleet scenario (a bad file: the usual one-line error, exit 2), opens the store, makes sure of the admin token
 * (one stderr line says where), listens on 127.0.0.1 only (a taken port: one line, exit 2), runs the reconcile
 * loop, and on SIGTERM or SIGINT stops taking requests, finishes those under way, closes the store and exits 0.
 */
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { parseNumberFlag } from '../options.js';
import { escapeControl, exitAfterStdout, writeStderrSync } from '../io.js';
import { loadScenario } from '../load.js';
import { createServerApp } from '../../server/app.js';
import { ensureAdminToken } from '../../server/admin-token.js';
import { listen } from '../../server/listen.js';
import { createLogger, logDestination } from '../../server/logger.js';
import { adminTokenFile } from '../serve/runtime.js';
import { describeStore, resolveStoreUrl } from '../../store/open-store.js';
import { type ControlEvent, openServeRuntime } from '../serve/wiring.js';

/** The `code` of an error that has one (a StoreError's store.unreachable, a Node error's ECONNRESET), for the log. */
function codeOf(e: unknown): { code?: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}

/** A path as short as it can be said from where serve runs. */
function shownPath(file: string): string {
  const r = relative(process.cwd(), file);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : file;
}

interface ServeFlags {
  fleet: string;
  port: string;
  store?: string;
  sandbox?: string;
  log?: string;
  tick: string;
  json?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the control plane: the HTTP API on 127.0.0.1 and the reconcile loop (docs/api.md)')
    .requiredOption('--fleet <file>', 'the fleet: a scenario file (providers, contracts, policy)')
    .option('--port <n>', 'the port on 127.0.0.1 (0: any free one)', '8470')
    .option('--store <url>', 'sqlite:PATH, postgres://… or memory: (default: the SQLite file .skyfleet/skyfleet.db)')
    .option(
      '--sandbox <url>',
      'the sandbox cloud to use as providers (default: the one at http://127.0.0.1:8471 if it answers)',
    )
    .option('--log <file>', 'write the JSON log to this file instead of stderr')
    .option('--tick <ms>', 'the reconcile loop interval in milliseconds', '250')
    .option(
      '--json',
      'also print {url, store, adminTokenFile, adminTokenCreated} as one JSON line on stdout once listening',
    )
    .action(async (o: ServeFlags) => {
      const port = parseNumberFlag('--port', o.port, { integer: true, min: 0, max: 65535 });
      const tickMs = parseNumberFlag('--tick', o.tick, { integer: true, min: 10, max: 60_000 });
      const fleet = loadScenario(o.fleet);
      const storeUrl = o.store;
      const clock = { now: () => Date.now() };
      let countPlacements = (_n: number): void => {};
      // The control plane's own events (provider down, requeued, re-planned and why, …) go to the JSON log.
      let logEvent = (_e: ControlEvent): void => {};
      const runtime = await openServeRuntime(
        { fleet, storeUrl, clock, ...(o.sandbox ? { sandboxUrl: o.sandbox } : {}) },
        (n) => countPlacements(n),
        (e) => logEvent(e),
      );
      const dest = logDestination(o.log);
      const logger = createLogger(dest);
      logEvent = (e) => logger.info({ event: e }, `control ${e.kind}`);
      let listening: Awaited<ReturnType<typeof listen>>;
      let token: Awaited<ReturnType<typeof ensureAdminToken>>;
      const server = createServerApp({
        api: runtime.api,
        accounts: runtime.accounts,
        clock,
        logger,
        ...(runtime.importTasks ? { importTasks: runtime.importTasks } : {}),
        ...(runtime.ledger ? { ledger: runtime.ledger } : {}),
      });
      countPlacements = (n) => server.metrics.countPlacements(n);
      let storeName: string;
      try {
        storeName = describeStore(resolveStoreUrl(storeUrl, process.cwd()));
        token = await ensureAdminToken(runtime.accounts, adminTokenFile(storeUrl, process.cwd()), clock.now());
        listening = await listen(server.app, port);
      } catch (e) {
        await runtime.close();
        throw e;
      }
      for (const note of runtime.notes) writeStderrSync(`skyfleet: ${note}\n`);
      writeStderrSync(
        `skyfleet: serving ${listening.url} (fleet ${escapeControl(o.fleet)}, store ${escapeControl(storeName)}); admin token ${token.created ? 'written to' : 'in'} ${escapeControl(shownPath(token.file))}\n`,
      );
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({ url: listening.url, store: storeName, adminTokenFile: token.file, adminTokenCreated: token.created })}\n`,
        );
      logger.info({ url: listening.url, store: storeName }, 'serving');

      // The reconcile loop: one tick at a time, the next one `tickMs` after the last ended. A tick that fails — a store
      // that does not answer is store.unreachable — is logged with its code, and the next tick tries again.
      let stopping = false;
      let timer: NodeJS.Timeout | undefined;
      let running: Promise<void> = Promise.resolve();
      const loop = (): void => {
        running = runtime
          .tick()
          .catch((e: unknown) =>
            logger.error(
              {
                err: {
                  name: e instanceof Error ? e.name : typeof e,
                  message: e instanceof Error ? e.message.slice(0, 500) : '',
                  ...codeOf(e),
                },
              },
              'tick failed',
            ),
          )
          .finally(() => {
            if (!stopping) timer = setTimeout(loop, tickMs);
          });
      };
      timer = setTimeout(loop, 0);

      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'stopping');
          resolve();
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      if (timer) clearTimeout(timer);
      await listening.close();
      await running;
      await runtime.close();
      logger.info('stopped');
      dest.flushSync();
      exitAfterStdout(0);
    });
}
