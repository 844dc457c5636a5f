/**
 * `skyfleet ledger` against a running control plane (the built CLI, dist/cli/main.js: `npm run build` first): the
 * sandbox cloud and `skyfleet serve --sandbox` on ephemeral ports of 127.0.0.1, a few short jobs run to success, then
 * the ledger through the API — `--json`'s billedUsd is the sum of the usage records' cost to the cent (read from the
 * store once serve stopped) and the sum of BilledCost of the FOCUS export fetched the same way (`--focus DIR`), which
 * passes the conformance rules; a team token sees its own charges only. The fleet is examples/startup.yaml without
 * its contracts, so the bill is the usage alone (the contracts' case is src/app/ledger-live.test.ts).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { toCents } from '../../src/core/money.js';
import { checkFocus } from '../../src/ledger/focus/index.js';
import { openStore } from '../../src/store/open-store.js';
import { REPO_ROOT, spawnCollect } from './helpers.js';

const MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-ledger-live-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** startup.yaml without its `contracts:` section: no reserved block, no commitment, the bill is the usage. */
function contractFreeFleet(): string {
  const text = readFileSync(join(REPO_ROOT, 'examples', 'startup.yaml'), 'utf8');
  const a = text.indexOf('\ncontracts:\n');
  const b = text.indexOf('\npolicies:\n');
  assert.ok(a > 0 && b > a);
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, text.slice(0, a + 1) + text.slice(b + 1));
  return file;
}

/** Starts `node MAIN ...args` and answers the first match of `ready` on its stdout or stderr (at most 30 s). */
function start(args: readonly string[], ready: RegExp, cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${text}`)), 30_000);
    const seen = (b: Buffer): void => {
      text += b.toString('utf8');
      const m = ready.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited ${code}: ${text}`));
    });
  });
}

const stop = (c: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('close', () => resolve());
    c.kill('SIGTERM');
  });

const cli = (args: readonly string[], env: NodeJS.ProcessEnv) =>
  spawnCollect([MAIN, ...args], { cwd: dir, env: { SKYFLEET_TOKEN: '', ...env }, timeoutMs: 30_000 });

/** Sum of BilledCost (the first column) of a Cost and Usage export, in cents. */
function billedCents(csv: string): number {
  const lines = csv.split('\r\n').filter((l) => l !== '');
  assert.ok(lines[0]?.startsWith('BilledCost,'), lines[0]);
  return lines.slice(1).reduce((s, l) => s + Math.round(Number(l.slice(0, l.indexOf(','))) * 100), 0);
}

test('skyfleet ledger against serve + sandbox: billedUsd = the usage records = the FOCUS export', async (t) => {
  const fleet = contractFreeFleet();
  const sandbox = await start(
    ['sandbox', '--config', 'examples/sandbox-clouds.yaml', '--port', '0'],
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    REPO_ROOT,
  );
  const serveArgs = ['serve', '--fleet', fleet, '--port', '0', '--sandbox', sandbox.url, '--tick', '100'];
  const serving = /^skyfleet: serving (http:\/\/127\.0\.0\.1:\d+) /m;
  const s = await start(serveArgs, serving, dir);
  const env = { SKYFLEET_URL: s.url };
  for (const team of ['research', 'vision']) assert.equal((await cli(['team', 'set', team], env)).code, 0);
  const research = (await cli(['token', 'create', '--team', 'research'], env)).stdout.trim();
  assert.match(research, /^sft_/);

  writeFileSync(join(dir, 'one.sky.yaml'), 'name: one\nresources:\n  accelerators: H100:8\nrun: sleep 0.2; echo ok\n');
  writeFileSync(
    join(dir, 'two.sky.yaml'),
    // Longer and wider: a usage record is in real milliseconds, and 0.2 s of one instance rounds to 0 cents.
    'name: two\nnum_nodes: 4\nresources:\n  accelerators: H100:8\nrun: sleep 2; echo ok\n',
  );
  const ids: string[] = [];
  for (const [file, team] of [
    ['one.sky.yaml', 'research'],
    ['two.sky.yaml', 'research'],
    ['one.sky.yaml', 'vision'],
  ] as const) {
    const r = await cli(['submit', file, '--team', team, '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    ids.push(JSON.parse(r.stdout).id as string);
  }
  // Wait (at most 60 s) until every job succeeded.
  const deadline = Date.now() + 60_000;
  let states: string[] = [];
  while (Date.now() < deadline) {
    const r = await cli(['status', '--json'], env);
    states = (JSON.parse(r.stdout).workloads as { state: string }[]).map((w) => w.state);
    if (states.every((x) => x === 'succeeded')) break;
    assert.ok(!states.some((x) => x === 'failed' || x === 'cancelled'), states.join(','));
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.deepEqual(states, ['succeeded', 'succeeded', 'succeeded']);

  // The usage records as the store holds them (serve stopped, so they cannot change under the reading).
  await stop(s.child);
  const store = await openStore(undefined, { dir });
  const usage = await store.listUsage({});
  await store.close();
  assert.ok(usage.length >= 3, `${usage.length} usage records`);
  assert.ok(usage.every((u) => u.end !== null && ids.includes(u.workloadId)));
  const cost = (us: typeof usage): number =>
    us.reduce(
      (sum, u) =>
        sum + toCents((u.pricePerInstanceHourCents * u.instances * ((u.end ?? 0) - u.start)) / 3_600_000 / 100),
      0,
    );
  const expected = cost(usage);
  assert.ok(expected > 0, `the jobs cost nothing: ${JSON.stringify(usage)}`);

  // The same store served again: the ledger through the API.
  const s2 = await start(serveArgs, serving, dir);
  const env2 = { SKYFLEET_URL: s2.url };
  const json = await cli(['ledger', '--json'], env2);
  assert.equal(json.code, 0, json.stderr);
  const view = JSON.parse(json.stdout);
  assert.equal(view.source.kind, 'control-plane');
  assert.equal(view.billedCents, expected);
  assert.equal(view.billedUsd, (expected / 100).toFixed(2));
  assert.equal(view.reconciles, true, view.problems.join('; '));
  assert.deepEqual(
    view.teams.map((t: { team: string }) => t.team),
    ['research', 'vision'],
  );

  const focusDir = join(dir, 'focus');
  const focus = await cli(['ledger', '--focus', focusDir], env2);
  assert.equal(focus.code, 0, focus.stderr);
  assert.match(focus.stderr, /FOCUS 1\.3 written to .*cost_and_usage\.csv \(\d+ rows\), contract_commitment\.csv/);
  assert.match(focus.stdout, /^skyfleet ledger: startup, from the control plane's usage records/);
  const files = {
    costAndUsage: readFileSync(join(focusDir, 'cost_and_usage.csv'), 'utf8'),
    contractCommitment: readFileSync(join(focusDir, 'contract_commitment.csv'), 'utf8'),
  };
  assert.equal(billedCents(files.costAndUsage), expected);
  assert.deepEqual(checkFocus(files), []);
  t.diagnostic(
    `billed ${view.billedUsd} USD for ${usage.length} usage records; FOCUS rows: ${files.costAndUsage.split('\r\n').length - 2}`,
  );

  // A team token: its own charges only, which add up to what its records cost.
  const mine = await cli(['ledger', '--json'], { ...env2, SKYFLEET_TOKEN: research });
  assert.equal(mine.code, 0, mine.stderr);
  const own = JSON.parse(mine.stdout);
  assert.equal(own.source.team, 'research');
  assert.equal(own.billedCents, cost(usage.filter((u) => u.team === 'research')));
  assert.deepEqual(
    own.teams.map((t: { team: string }) => t.team),
    ['research'],
  );
  const csv = await cli(['ledger', '--csv'], env2);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /^month,dimension,key,usd\n/);

  // A bad period: one line, exit 2 (the server's RFC 9457 problem).
  const bad = await cli(['ledger', '--since', '2026-12-05', '--until', '2026-12-01'], env2);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^skyfleet: query parameter 'to': must be after 'from' \[api\.invalid-parameter\]\n$/);

  await stop(s2.child);
  await stop(sandbox.child);
});
