/**
 * A sandbox cloud started in this process on 127.0.0.1:0 with a fast time scale, for the Provider contract and the
 * adapter's own tests; faults go through the sandbox's HTTP fault API, as `skyfleet sandbox fault` sends them.
 */
import { SandboxConfigSchema, type SandboxConfig } from '../../sandbox/config.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/serve.js';
import { SandboxProvider } from '../sandbox-provider.js';
import type { ContractSubject } from './provider-contract.js';

/** Two regions, a GPU quota, spot in one region; provisioning 30 sandbox seconds = 3 ms at 10,000×. */
export const TEST_CONFIG: SandboxConfig = SandboxConfigSchema.parse({
  timeScale: 10_000,
  seed: 7,
  logLines: 200,
  maxNodesPerLaunch: 8,
  providers: {
    aws: {
      quotaGpus: 64,
      provisioningSeconds: 30,
      regions: {
        'us-east-1': {
          instanceTypes: {
            'p5.48xlarge': {
              gpu: 'H100',
              gpusPerInstance: 8,
              capacity: 4,
              spotCapacity: 2,
              price: 55.04,
              spotPrice: 17.63,
            },
            'g6.xlarge': { gpu: 'L4', gpusPerInstance: 1, capacity: 6, price: 0.8048 },
          },
        },
        'us-west-2': {
          quotaGpus: 16,
          instanceTypes: {
            'p5.48xlarge': { gpu: 'H100', gpusPerInstance: 8, capacity: 4, price: 55.04 },
          },
        },
      },
    },
    lambda: {
      provisioningSeconds: 60,
      regions: {
        'us-east-1': {
          instanceTypes: { gpu_8x_h100_sxm5: { gpu: 'H100', gpusPerInstance: 8, capacity: 3, price: 31.92 } },
        },
      },
    },
  },
});

export async function fault(url: string, provider: string, body: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${url}/faults/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`fault ${JSON.stringify(body)} refused: ${JSON.stringify(answer)}`);
  return answer;
}

export async function sandboxSubject(
  provider = 'aws',
  config: SandboxConfig = TEST_CONFIG,
  timeoutMs = 5_000,
): Promise<ContractSubject & { readonly sandbox: RunningSandbox }> {
  const sandbox = await startSandbox(config, { port: 0 });
  return {
    sandbox,
    provider: new SandboxProvider({ url: sandbox.url, provider, timeoutMs }),
    faults: {
      preempt: async (launchId) => void (await fault(sandbox.url, provider, { action: 'preempt', launchId })),
      regionDown: async (region) => void (await fault(sandbox.url, provider, { action: 'down', region })),
      regionUp: async (region) => void (await fault(sandbox.url, provider, { action: 'up', region })),
    },
    close: () => sandbox.close(),
  };
}

type SandboxSubject = Awaited<ReturnType<typeof sandboxSubject>>;

/** Runs `fn` against a sandbox started for it (sandboxSubject: aws, the test configuration, a 5 s call timeout
 * unless said otherwise), and stops the sandbox after, whatever `fn` did. */
export async function withSandbox(
  fn: (s: SandboxSubject) => Promise<void>,
  opts: { readonly provider?: string; readonly timeoutMs?: number } = {},
): Promise<void> {
  const s = await sandboxSubject(opts.provider, undefined, opts.timeoutMs);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}
