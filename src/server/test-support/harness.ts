/** For tests: the API app over the fake control plane and in-memory accounts, with an admin and two team tokens
 * and the log lines captured. */
import { createServerApp, type ServerApp } from '../app.js';
import { createLogger } from '../logger.js';
import { issueToken } from '../tokens.js';
import type { TaskImporter } from '../route.js';
import { type FakeControl, fakeControl, memoryAccounts } from './fake-control.js';

export interface Harness extends ServerApp {
  readonly control: FakeControl;
  readonly accounts: ReturnType<typeof memoryAccounts>;
  readonly logs: string[];
  readonly admin: string;
  readonly research: string;
  readonly vision: string;
  /** A request to the app in process. */
  call(
    method: string,
    path: string,
    init?: { token?: string; body?: string; headers?: Record<string, string> },
  ): Promise<Response>;
}

export async function harness(importTasks?: TaskImporter): Promise<Harness> {
  const control = fakeControl();
  const accounts = memoryAccounts();
  const logs: string[] = [];
  const logger = createLogger({ write: (s: string) => void logs.push(s) });
  const now = 1_800_000_000_000;
  const server = createServerApp({
    api: control,
    accounts,
    clock: { now: () => now },
    logger,
    ...(importTasks ? { importTasks } : {}),
  });
  for (const name of ['research', 'vision'])
    await accounts.putTeam({ name, quotaGpus: {}, monthlyBudgetCents: null, monthlyBudgetGpuHours: null });
  const admin = (await issueToken(accounts, { team: null, admin: true }, now)).secret;
  const research = (await issueToken(accounts, { team: 'research', admin: false }, now)).secret;
  const vision = (await issueToken(accounts, { team: 'vision', admin: false }, now)).secret;
  return {
    ...server,
    control,
    accounts,
    logs,
    admin,
    research,
    vision,
    call(method, path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
      if (init.body !== undefined && headers['content-type'] === undefined)
        headers['content-type'] = 'application/json';
      return Promise.resolve(
        server.app.request(path, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) }),
      );
    },
  };
}

export const SPEC = {
  name: 'train-llm',
  workload: { kind: 'training', gpus: ['H100'], count: 8, gpuHours: 100 },
  run: 'python train.py',
  envs: { EPOCHS: '3' },
};
