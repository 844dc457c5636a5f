/**
 * `skyfleet serve` as a real process (the built CLI, dist/cli/main.js: run `npm run build` first) on an ephemeral
 * port of 127.0.0.1 with its default SQLite store in a temporary folder, and the client commands against it: the
 * admin token file, teams and tokens, submit/status/explain/cancel, problems as one line with exit 2, an unreachable
 * server exit 1, a taken port exit 2, no secret in the log, a clean SIGTERM, and the data still there after a restart.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WORKLOAD_STATES } from '../../src/control/records.js';
import { REPO_ROOT, spawnCollect } from './helpers.js';

const MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const FLEET = join(REPO_ROOT, 'examples', 'startup.yaml');
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-serve-'));
const SECRET = 'hf_the_secret_value_42';
writeFileSync(
  join(dir, 'train.sky.yaml'),
  `name: train\nresources:\n  accelerators: H100:8\nenvs:\n  EPOCHS: 3\nsecrets:\n  HF_TOKEN: ${SECRET}\nrun: python train.py --epochs \${EPOCHS}\n`,
);
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly firstLine: string;
  stderr(): string;
  stdout(): string;
  exited(): Promise<number | null>;
}

/** Starts serve in `dir` and waits (at most 30 s) for its line saying where it listens. */
function startServe(extra: readonly string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--fleet', FLEET, '--port', '0', ...extra], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  const exit = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      const m = /^skyfleet: serving (http:\/\/127\.0\.0\.1:\d+) .*$/m.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], firstLine: m[0], stderr: () => err, stdout: () => out, exited: () => exit });
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
}

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = dir) =>
  spawnCollect([MAIN, ...args], { cwd, env: { SKYFLEET_TOKEN: '', ...env }, timeoutMs: 30_000 });

test('serve and the client commands, end to end', async () => {
  const bad = await spawnCollect([MAIN, 'serve', '--fleet', join(dir, 'nope.yaml'), '--port', '0'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^skyfleet: .*nope\.yaml:1:1: cannot read the scenario: no such file \[file\.not-found\]\n$/,
  );

  const s = await startServe();
  assert.match(s.firstLine, /admin token written to \.skyfleet\/admin-token$/);
  const tokenFile = join(dir, '.skyfleet', 'admin-token');
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
  const admin = readFileSync(tokenFile, 'utf8').trim();
  const env = { SKYFLEET_URL: s.url };

  const team = await cli(['team', 'set', 'research', '--quota', 'H100=64', '--budget-usd', '100000', '--json'], env);
  assert.equal(team.code, 0, team.stderr);
  assert.deepEqual(JSON.parse(team.stdout), {
    name: 'research',
    quotaGpus: { H100: 64 },
    monthlyBudgetCents: 10_000_000,
    monthlyBudgetGpuHours: null,
  });
  await cli(['team', 'set', 'vision'], env);
  const tok = await cli(['token', 'create', '--team', 'research', '--json'], env);
  assert.equal(tok.code, 0, tok.stderr);
  const research = JSON.parse(tok.stdout).token as string;
  const visionMade = await cli(['token', 'create', '--team', 'vision'], env);
  const vision = visionMade.stdout.trim();
  assert.match(vision, /^sft_/);
  const visionId = /token (tok_\S+) for team vision/.exec(visionMade.stderr)?.[1] ?? '';

  const sub = await cli(['submit', 'train.sky.yaml', '--team', 'research', '--json'], env);
  assert.equal(sub.code, 0, sub.stderr);
  const w = JSON.parse(sub.stdout);
  assert.equal(typeof w.id, 'string');
  assert.equal(w.team, 'research');
  assert.deepEqual(w.spec.secretNames, ['HF_TOKEN']);
  assert.ok(!sub.stdout.includes(SECRET));
  const own = await cli(['submit', 'train.sky.yaml', '--json'], { ...env, SKYFLEET_TOKEN: research });
  assert.equal(own.code, 0, own.stderr);

  const st = await cli(['status', w.id, '--json'], { ...env, SKYFLEET_TOKEN: research });
  assert.equal(st.code, 0, st.stderr);
  assert.ok((WORKLOAD_STATES as readonly string[]).includes(JSON.parse(st.stdout).state));
  const list = await cli(['status', '--json'], env);
  assert.equal(JSON.parse(list.stdout).workloads.length, 2);
  const text = await cli(['status'], env);
  assert.match(text.stdout, /^ID +NAME +TEAM +STATE/);
  const ex = await cli(['explain', w.id, '--json'], env);
  assert.equal(ex.code, 0, ex.stderr);
  assert.equal(JSON.parse(ex.stdout).workloadId, w.id);

  const hidden = await cli(['status', w.id], { ...env, SKYFLEET_TOKEN: vision });
  assert.equal(hidden.code, 2);
  assert.match(hidden.stderr, /^skyfleet: .+ \[control\.not-found\]\n$/);
  const cancel = await cli(['cancel', w.id, '--json'], { ...env, SKYFLEET_TOKEN: research });
  assert.equal(cancel.code, 0, cancel.stderr);
  assert.equal(JSON.parse(cancel.stdout).state, 'cancelled');
  const again = await cli(['cancel', w.id], env);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^skyfleet: .+ \[control\.illegal-transition\]\n$/);
  const forbidden = await cli(['token', 'create', '--admin'], { ...env, SKYFLEET_TOKEN: research });
  assert.equal(forbidden.code, 2);
  assert.match(forbidden.stderr, /\[auth\.forbidden\]\n$/);

  // token revoke: another team's token is not found (and stays valid); the admin's revoke ends it at once.
  const researchId = JSON.parse(tok.stdout).id as string;
  const notYours = await cli(['token', 'revoke', researchId], { ...env, SKYFLEET_TOKEN: vision });
  assert.equal(notYours.code, 2);
  assert.match(notYours.stderr, /^skyfleet: no token 'tok_\S+' that this token may revoke \[api\.token-not-found\]\n$/);
  assert.equal((await cli(['status'], { ...env, SKYFLEET_TOKEN: research })).code, 0);
  const spare = JSON.parse((await cli(['token', 'create', '--team', 'vision', '--json'], env)).stdout);
  const ownRevoke = await cli(['token', 'revoke', spare.id], { ...env, SKYFLEET_TOKEN: vision });
  assert.equal(ownRevoke.code, 0, ownRevoke.stderr);
  assert.match(ownRevoke.stdout, /^tok_\S+: revoked \(team vision, at \d{4}-\d\d-\d\dT[\d:.]+Z\)\n$/);
  assert.equal((await cli(['status'], { ...env, SKYFLEET_TOKEN: vision })).code, 0, 'vision itself still valid');
  const revoked = await cli(['token', 'revoke', visionId, '--json'], env);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.equal(JSON.parse(revoked.stdout).team, 'vision');

  // token list: the admin's every token, revoked ones with their time, as a table or JSON; a team token its own only.
  const all = await cli(['token', 'list', '--json'], env);
  assert.equal(all.code, 0, all.stderr);
  const listed = JSON.parse(all.stdout).tokens as { id: string; team: string | null; revokedAt: number | null }[];
  assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), ['admin', 'createdAt', 'id', 'revokedAt', 'team']);
  assert.deepEqual(listed.map((t) => `${t.team}:${t.revokedAt === null ? 'valid' : 'revoked'}`).sort(), [
    'null:valid',
    'research:valid',
    'vision:revoked',
    'vision:revoked',
  ]);
  assert.deepEqual(
    listed
      .filter((t) => t.revokedAt !== null)
      .map((t) => t.id)
      .sort(),
    [visionId, spare.id].sort(),
  );
  const table = await cli(['token', 'list'], env);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ID +TEAM +CREATED +REVOKED\n/);
  assert.match(table.stdout, new RegExp(`\\n${researchId} +research +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +—\\n`));
  assert.match(table.stdout, /\ntok_\S+ +admin +\S+ +—\n/);
  for (const out of [all.stdout, table.stdout])
    for (const secret of [research, vision, spare.token]) assert.ok(!out.includes(secret), 'a secret listed');
  const mine = await cli(['token', 'list', '--json'], { ...env, SKYFLEET_TOKEN: research });
  assert.equal(mine.code, 0, mine.stderr);
  assert.deepEqual(
    JSON.parse(mine.stdout).tokens.map((t: { id: string }) => t.id),
    [researchId],
  );
  const gone = await cli(['status'], { ...env, SKYFLEET_TOKEN: vision });
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /\[auth\.invalid-token\]\n$/);

  const noToken = await cli(['status'], env, tmpdir());
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /^skyfleet: no API token: .* \[auth\.no-token\]\n$/);
  const badToken = await cli(['status'], { ...env, SKYFLEET_TOKEN: 'sft_nope' });
  assert.equal(badToken.code, 2);
  assert.match(badToken.stderr, /\[auth\.invalid-token\]\n$/);
  const away = await cli(['status'], { SKYFLEET_URL: 'http://127.0.0.1:9' });
  assert.equal(away.code, 1);
  assert.match(
    away.stderr,
    /^skyfleet: cannot reach the skyfleet server at http:\/\/127\.0\.0\.1:9 .*\[api\.unreachable\]\n$/,
  );

  const port = new URL(s.url).port;
  const taken = await spawnCollect([MAIN, 'serve', '--fleet', FLEET, '--port', port, '--store', 'memory:'], {
    cwd: dir,
    timeoutMs: 30_000,
  });
  assert.equal(taken.code, 2);
  assert.equal(
    taken.stderr,
    `skyfleet: port ${port} on 127.0.0.1 is in use (choose another with --port) [api.port-in-use]\n`,
  );

  const openapi = await fetch(`${s.url}/openapi.json`);
  assert.equal(openapi.status, 200);
  assert.equal(((await openapi.json()) as { openapi: string }).openapi, '3.1.0');
  const unauth = await fetch(`${s.url}/v1/workloads`, { method: 'POST', body: '{}' });
  assert.equal(unauth.status, 401);
  assert.equal(unauth.headers.get('content-type'), 'application/problem+json');
  const metrics = await (await fetch(`${s.url}/metrics`)).text();
  assert.match(metrics, /skyfleet_http_requests_total\{method="POST",route="POST \/v1\/workloads",status="201"\} 2/);
  assert.match(metrics, /skyfleet_workloads\{state="cancelled"\} 1/);

  s.child.kill('SIGTERM');
  assert.equal(await s.exited(), 0);
  const log = s.stderr();
  assert.match(log, /"msg":"request"/);
  assert.match(log, /"msg":"stopped"/);
  for (const secret of [SECRET, admin, research, vision, spare.token])
    assert.ok(!log.includes(secret), `the log holds ${secret.slice(0, 6)}…`);

  // A restart keeps the token file and the workloads.
  const s2 = await startServe(['--json']);
  assert.match(s2.firstLine, /admin token in \.skyfleet\/admin-token$/);
  assert.equal(readFileSync(tokenFile, 'utf8').trim(), admin);
  const kept = await cli(['status', '--json'], { SKYFLEET_URL: s2.url });
  assert.equal(JSON.parse(kept.stdout).workloads.length, 2, kept.stderr);
  s2.child.kill('SIGINT');
  assert.equal(await s2.exited(), 0);
  const started = JSON.parse(s2.stdout());
  assert.equal(started.url, s2.url);
  assert.equal(started.adminTokenCreated, false);
  assert.equal(started.adminTokenFile, tokenFile);
});
