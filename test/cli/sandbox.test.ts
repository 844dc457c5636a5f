/**
 * `skyfleet sandbox` from the one-file build (dist/cli/main.js; `npm run build` first): a bad configuration is one
 * `file:line:col` line and exit 2; the sandbox runs in its own process on 127.0.0.1 with the bundled example; the
 * fault command drives it; SIGTERM ends it with every workload process killed (no orphans).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, assertNoStackTrace, spawnCollect, tempDir } from './helpers.js';

const BIN = join(REPO_ROOT, 'dist/cli/main.js');
const cli = (args: readonly string[]) => spawnCollect([BIN, ...args], { timeoutMs: 20_000 });

test('a bad sandbox configuration: one file:line:col line per problem, exit 2', async () => {
  const t = tempDir();
  try {
    const file = t.write('clouds.yaml', 'providers:\n  aws:\n    regions: {}\n    quota: 5\n');
    const r = await cli(['sandbox', '--config', file]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `skyfleet: ${file}:4:12: unknown field 'quota' [schema.unknown-key] (at providers.aws.quota)\n`,
    );
    const missing = await cli(['sandbox', '--config', join(t.dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^skyfleet: .*nope\.yaml:1:1: .*\[file\.not-found\]\n$/);
    assertNoStackTrace(missing);
  } finally {
    t.remove();
  }
});

test('the fault command without a sandbox: exit 1, sandbox.unreachable', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const r = await cli(['sandbox', 'fault', 'aws', 'down', '--sandbox', `http://127.0.0.1:${port}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^skyfleet: cannot reach the sandbox at .* \[sandbox\.unreachable\]\n$/);
});

/** Starts `skyfleet sandbox` on a free port and answers its URL once it listens. */
async function startSandbox(args: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error(`the sandbox exited: ${out}`)));
  });
  return { child, url };
}

test('the sandbox runs the example clouds; faults go through the CLI; SIGTERM leaves no process behind', async () => {
  const t = tempDir();
  const { child, url } = await startSandbox(['--config', 'examples/sandbox-clouds.yaml', '--port', '0']);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const providers = (await (await fetch(`${url}/providers`)).json()) as { providers: string[] };
    assert.deepEqual(providers.providers, ['aws', 'gcp', 'nebius', 'lambda']);

    const down = await cli(['sandbox', 'fault', 'aws', 'down', '--region', 'us-east-1', '--sandbox', url]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.stdout, 'aws us-east-1: down done\n');
    const offerings = (await (await fetch(`${url}/providers/aws/offerings`)).json()) as { region: string }[];
    assert.ok(offerings.length > 0 && offerings.every((o) => o.region === 'us-west-2'));

    const pidFile = join(t.dir, 'pid');
    const res = await fetch(`${url}/providers/aws/launches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientToken: 'cli/1',
        workloadId: 'cli',
        team: 't',
        region: 'us-west-2',
        instanceType: 'p5.48xlarge',
        instances: 1,
        spot: false,
        run: `sleep 300 & echo $! > ${pidFile}; wait`,
        resumeFrom: 0,
      }),
    });
    assert.equal(res.status, 201);
    let pid = 0;
    const until = Date.now() + 20_000;
    while (pid === 0 && Date.now() < until) {
      try {
        pid = Number(readFileSync(pidFile, 'utf8'));
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.ok(pid > 0, 'the workload started');

    const bad = await cli(['sandbox', 'fault', 'aws', 'preempt', 'no-such-launch', '--sandbox', url]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\[provider\.launch-not-found\]\n$/);
    const badRegion = await cli(['sandbox', 'fault', 'aws', 'down', '--region', 'mars-1', '--sandbox', url]);
    assert.equal(badRegion.code, 2);
    assert.match(badRegion.stderr, /no region 'mars-1' \[sandbox\.fault-invalid\]\n$/);

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const gone = Date.now() + 10_000;
    while (alive() && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(), false, 'the workload died with the sandbox');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    t.remove();
  }
});

test('a port in use: exit 1, sandbox.listen-failed', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const r = await cli(['sandbox', '--config', 'examples/sandbox-clouds.yaml', '--port', String(port)]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^skyfleet: cannot listen on 127\.0\.0\.1:\d+: the address is in use .*\[sandbox\.listen-failed\]\n$/,
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
