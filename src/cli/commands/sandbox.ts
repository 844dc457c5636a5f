/**
 * `skyfleet sandbox --config FILE [--port 8471]`: the sandbox cloud in this process, on 127.0.0.1, until SIGTERM or
 * SIGINT (then every workload process is killed and it exits 0).
 * `skyfleet sandbox fault PROVIDER ACTION [ARG] [--region R] …`: a client of the sandbox's fault API (docs/sandbox.md).
 */
import type { Command } from 'commander';
import { loadSandboxConfigText } from '../../sandbox/config.js';
import { killAllGangs } from '../../sandbox/gang.js';
import { flagError } from '../../app/errors.js';
import { IssuesError, MAX_FILE_BYTES, UserError, readText } from '../io.js';

/** The sandbox's default port (src/sandbox/serve.ts says the same): the server and its HTTP stack are loaded only by
 * `skyfleet sandbox` itself (a dynamic import), so no other command pays for them at start-up. */
const DEFAULT_SANDBOX_PORT = 8471;
const DEFAULT_URL = `http://127.0.0.1:${DEFAULT_SANDBOX_PORT}`;

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65_535) throw flagError('flag.invalid', `--port must be 0 to 65535, not "${text}"`);
  return n;
}

async function serveCommand(o: { config?: string; port?: string }): Promise<void> {
  if (o.config === undefined)
    throw flagError('usage.missing-option', "required option '--config <file>' not specified");
  const cfg = loadSandboxConfigText(readText(o.config, 'sandbox configuration', MAX_FILE_BYTES.scenario), o.config);
  if (!cfg.ok) throw new IssuesError(cfg.issues);
  const p = o.port === undefined ? DEFAULT_SANDBOX_PORT : port(o.port);
  const { startSandbox } = await import('../../sandbox/serve.js');
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(cfg.value, { port: p });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the address is in use (choose another with --port)' : (code ?? String(e));
    throw new UserError(`cannot listen on 127.0.0.1:${p}: ${why} [sandbox.listen-failed]`, 1);
  }
  // No orphans: the workloads die with the sandbox, however it ends short of SIGKILL.
  process.on('exit', killAllGangs);
  const stop = () => {
    killAllGangs();
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const names = sandbox.cloud.providerNames().join(', ');
  process.stdout.write(
    `skyfleet sandbox listening on ${sandbox.url} (providers: ${names}; time scale ${cfg.value.timeScale}×; state in memory only)\n`,
  );
}

interface FaultOptions {
  sandbox: string;
  region?: string;
  instanceType?: string;
  spot?: boolean;
  json?: boolean;
  mode?: string;
  count?: string;
}

const ACTIONS = ['down', 'up', 'preempt', 'capacity', 'slow', 'drop', 'restore'] as const;

function int(flag: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < min)
    throw flagError('flag.invalid', `${flag} must be a whole number of at least ${min}, not "${text ?? ''}"`);
  return n;
}

/** The fault API request for `fault PROVIDER ACTION [ARG]`. */
function faultBody(action: string, arg: string | undefined, o: FaultOptions): Record<string, unknown> {
  switch (action) {
    case 'down':
    case 'up':
      return { action, ...(o.region ? { region: o.region } : {}) };
    case 'preempt':
      if (!arg) throw flagError('usage.missing-argument', 'preempt needs the launch id: fault PROVIDER preempt LAUNCH');
      return { action, launchId: arg };
    case 'capacity': {
      if (!o.region || !o.instanceType)
        throw flagError('usage.missing-option', 'capacity needs --region and --instance-type');
      if (!arg) throw flagError('usage.missing-argument', 'capacity needs a count, -N (remove N) or reset');
      const base = { action, region: o.region, instanceType: o.instanceType, spot: o.spot === true };
      if (arg === 'reset') return { ...base, set: null };
      if (arg.startsWith('-')) return { ...base, remove: int('the count to remove', arg.slice(1), 1) };
      return { ...base, set: int('the capacity', arg, 0) };
    }
    case 'slow':
      return { action, ms: int('the delay in ms', arg, 0) };
    case 'drop': {
      const mode = o.mode ?? 'reset';
      if (mode !== 'reset' && mode !== 'hang')
        throw flagError('flag.invalid', `--mode must be reset or hang, not "${mode}"`);
      return { action, mode, ...(o.count !== undefined ? { count: int('--count', o.count, 1) } : {}) };
    }
    case 'restore':
      return { action };
    default:
      throw flagError('usage.invalid-value', `unknown fault '${action}': use ${ACTIONS.join(', ')}`);
  }
}

async function faultCommand(provider: string, action: string, arg: string | undefined, o: FaultOptions): Promise<void> {
  const body = faultBody(action, arg, o);
  const url = `${o.sandbox.replace(/\/+$/, '')}/faults/${encodeURIComponent(provider)}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    text = await res.text();
  } catch {
    throw new UserError(
      `cannot reach the sandbox at ${o.sandbox} (is \`skyfleet sandbox\` running?) [sandbox.unreachable]`,
      1,
    );
  }
  let answer: { code?: string; message?: string } & Record<string, unknown> = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // reported below
  }
  if (!res.ok) {
    const code = typeof answer.code === 'string' ? answer.code : 'sandbox.fault-invalid';
    throw new UserError(`${answer.message ?? `the sandbox answered HTTP ${res.status}`} [${code}]`, 2);
  }
  const capacity = (answer.result as { capacity?: unknown } | null | undefined)?.capacity;
  if (o.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
  else if (action === 'capacity' && typeof capacity === 'number')
    process.stdout.write(
      `${provider} ${o.region} ${o.instanceType}${o.spot ? ' (spot)' : ''}: capacity now ${capacity} instances\n`,
    );
  else
    process.stdout.write(
      `${provider}${o.region && (action === 'down' || action === 'up') ? ` ${o.region}` : ''}: ${action}${arg ? ` ${arg}` : ''} done\n`,
    );
}

export function registerSandbox(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('run the sandbox cloud: emulated providers on 127.0.0.1 whose launches run as real processes')
    .option('--config <file>', 'sandbox configuration (YAML), e.g. examples/sandbox-clouds.yaml')
    .option('--port <n>', `port on 127.0.0.1 (default ${DEFAULT_SANDBOX_PORT}; 0: any free port)`)
    .action(serveCommand);
  sandbox
    .command('fault')
    .description(
      'inject a fault into a running sandbox: down, up, preempt LAUNCH, capacity N|-N|reset, slow MS, drop, restore',
    )
    .argument('<provider>', 'provider name, as in the sandbox configuration')
    .argument('<action>', ACTIONS.join(' | '))
    .argument('[arg]', 'the launch to preempt, the capacity, or the delay in ms')
    .option('--sandbox <url>', 'the sandbox address', DEFAULT_URL)
    .option('--region <region>', 'for down/up: only this region; for capacity: the region')
    .option('--instance-type <type>', 'for capacity: the instance type')
    .option('--spot', 'for capacity: the spot pool')
    .option('--mode <mode>', 'for drop: reset (connection reset) or hang (no answer)')
    .option('--count <n>', 'for drop: how many responses (default: all until restore)')
    .option('--json', 'print the fault API answer as JSON')
    .action(faultCommand);
}
