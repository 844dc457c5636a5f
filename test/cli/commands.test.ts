/** The commands as a user runs them: validate, catalog and plan (text, --json, --explain, --what-if, --without,
 * --seed). Each command line is spawned once (runCli) and shared by the tests that read it; they run a few at a
 * time. Plan runs use the greedy solver except the one that checks the default (auto) text output. */
import { after as afterAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../src/engine/plan-types.js';
import type { PlanDiff } from '../../src/engine/diff.js';
import { runCli, shown, tempDir, type CliResult } from './helpers.js';

const runs = new Map<string, Promise<CliResult>>();
/** Runs `skyfleet ...args` once and asserts it succeeded quietly (exit 0, nothing on stderr but the solver's notes). */
async function ok(...args: string[]): Promise<string> {
  const key = JSON.stringify(args);
  let p = runs.get(key);
  if (!p) {
    p = runCli(args, { timeoutMs: 60_000 });
    runs.set(key, p);
  }
  const r = await p;
  assert.equal(r.code, 0, shown(args, r));
  assert.equal(notesRemoved(r.stderr), '', shown(args, r));
  assert.doesNotMatch(r.stdout, /^note:/m, 'notes go to stderr, not among the results');
  return r.stdout;
}

/** stderr without the solver's notes (`skyfleet: note: …`, text output only). */
const notesRemoved = (stderr: string): string => stderr.replace(/^skyfleet: note: .*\n/gm, '');

const STARTUP = 'examples/startup.yaml';
const GREEDY = ['--solver', 'greedy', '--seed', '7'];
/** --explain prints after the rest, from the base plan; it shares the --without run to save a process. */
const WITHOUT_LAMBDA = ['plan', STARTUP, ...GREEDY, '--without', 'lambda', '--explain', 'pretrain-3b'];
const startupJson = async (): Promise<Plan> => JSON.parse(await ok('plan', STARTUP, '--json', ...GREEDY)) as Plan;

/** The rows of an aligned table whose header line starts with `header`, up to the first blank line. */
function tableRows(text: string, header: RegExp): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => header.test(l));
  assert.ok(i >= 0, `no table with header ${header} in:\n${text}`);
  const end = lines.findIndex((l, j) => j > i && l.trim() === '');
  return lines.slice(i + 1, end < 0 ? undefined : end);
}

const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

describe('skyfleet commands', { concurrency: 3 }, () => {
  test('validate: both examples are ok, with their counts', async () => {
    const [s, f] = await Promise.all([ok('validate', STARTUP), ok('validate', 'examples/frontier-lab.yaml')]);
    assert.match(
      s,
      /^examples\/startup\.yaml: ok — 4 providers, 3 contracts, 11 workloads, horizon 2026-12-01 → 2027-12-01\n$/,
    );
    assert.match(
      f,
      /^examples\/frontier-lab\.yaml: ok — \d+ providers, \d+ contracts, \d+ workloads, horizon \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d\n$/,
    );
    const [, providers, contracts, workloads] = /(\d+) providers, (\d+) contracts, (\d+) workloads/
      .exec(f)!
      .map(Number);
    assert.ok(providers! >= 4 && contracts! >= 3 && workloads! >= 10, f);
  });

  test('catalog --gpu H100 --max-price 4: only H100, each at most $4/GPU-h, cheapest first', async () => {
    const out = await ok('catalog', '--gpu', 'H100', '--max-price', '4');
    const rows = tableRows(
      out,
      /^PROVIDER\s+REGION\s+INSTANCE\s+GPU\s+GPUS\s+\$\/GPU-H\s+SPOT \$\/GPU-H\s+\$\/H100-EQ-H$/,
    ).filter((l) => !l.startsWith('…'));
    assert.ok(rows.length > 0, out);
    const prices = rows.map((l) => {
      const cells = l.trim().split(/\s+/);
      assert.equal(cells.length, 8, `a row of 8 cells: ${l}`);
      assert.equal(cells[3], 'H100', l);
      const price = Number(cells[5]);
      assert.ok(Number.isFinite(price) && price > 0 && price <= 4, l);
      assert.equal(cells[7], cells[5], `H100 is the reference, so $/H100-eq-h equals $/GPU-h: ${l}`);
      return price;
    });
    for (let i = 1; i < prices.length; i++)
      assert.ok(prices[i - 1]! <= prices[i]!, `sorted ascending at row ${i}: ${prices.join(', ')}`);
  });

  test('catalog --spot --json: a JSON list of spot offerings, cheapest spot $/GPU-h first', async () => {
    const rows = JSON.parse(await ok('catalog', '--spot', '--json')) as {
      provider: string;
      gpu: string;
      gpusPerInstance: number;
      pricePerHour: number;
      spotPricePerHour?: number;
    }[];
    assert.ok(Array.isArray(rows) && rows.length > 0 && rows.length <= 40);
    const perGpu = rows.map((r) => {
      assert.equal(typeof r.provider, 'string');
      assert.ok(r.gpusPerInstance >= 1, JSON.stringify(r));
      assert.ok(
        typeof r.spotPricePerHour === 'number' && r.spotPricePerHour >= 0,
        `has a spot price: ${JSON.stringify(r)}`,
      );
      return r.spotPricePerHour / r.gpusPerInstance;
    });
    for (let i = 1; i < perGpu.length; i++) assert.ok(perGpu[i - 1]! <= perGpu[i]!, `sorted by spot $/GPU-h at ${i}`);
  });

  test('plan examples/startup.yaml (default solver): the table, the bill and every section', async () => {
    const [out, json] = await Promise.all([ok('plan', STARTUP), startupJson()]);
    assert.match(out, /^skyfleet plan: startup {2}\(horizon 2026-12-01 → 2027-12-01, \d+ buckets, solver /);
    const rows = tableRows(out, /^WORKLOAD\s+KIND\s+PRI\s+TIER\s+GPUS\s+EFFECTIVE\s+LIST\s+WHERE$/);
    assert.deepEqual(
      rows.map((l) => l.split(/\s+/)[0]),
      json.workloads.map((w) => w.id),
      'one row per workload, in order',
    );
    assert.match(
      out,
      /^Bill over the horizon \$[\d.]+[kMB]? = sunk reserved \$[\d.]+[kMB]? \+ spend \$[\d.]+[kMB]? \+ shortfall \$[\d.]+[kMB]? \+ expected preemption \$[\d.]+[kMB]?$/m,
    );
    assert.match(out, /^Workloads: \d+ placed, \d+ partial, \d+ unplaced\.$/m);
    for (const section of ['CONTRACTS', 'PROVIDERS', 'IF A PROVIDER IS LOST'])
      assert.match(out, new RegExp(`^${section}$`, 'm'), section);
    const contracts = tableRows(out, /^CONTRACT\s+PROVIDER\s+PERIOD/).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual([...new Set(contracts)], ['aws-credits', 'gcp-cud', 'nebius-cluster']);
    const providers = tableRows(out, /^PROVIDER\s+SPEND\s+SHARE/).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(providers, ['aws', 'gcp', 'nebius', 'lambda']);
    const lost = tableRows(out, /^LOST\s+MOVED\s+CANNOT MOVE/).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(lost.sort(), ['aws', 'gcp', 'lambda', 'nebius']);
  });

  test('plan --json: schema skyfleet/plan@2, every workload placed, money in integer cents that add up exactly', async () => {
    const p = await startupJson();
    assert.equal(p.schema, 'skyfleet/plan@2');
    assert.equal(p.scenario, 'startup');
    assert.equal(p.seed, 7);
    assert.equal(p.solver.used.includes('greedy'), true, p.solver.used);
    assert.equal(p.workloads.length, 11);
    const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);
    for (const w of p.workloads) {
      assert.equal(w.status, 'placed', `${w.id}: ${w.unplacedReason ?? ''}`);
      assert.ok(w.placements.length > 0, w.id);
      assert.equal(
        sum(w.placements, (x) => x.effectiveCents),
        w.effectiveCents,
        `${w.id}: Σ placement effective cost`,
      );
      assert.equal(
        sum(w.placements, (x) => x.listCents),
        w.listCents,
        `${w.id}: Σ placement list cost`,
      );
      assert.equal(w.unservedCents, 0, w.id);
      for (const x of w.placements)
        assert.ok(x.gpus > 0 && x.spendCents >= 0 && x.hours > 0, `${w.id}: ${JSON.stringify(x)}`);
    }
    // No float noise anywhere: every money field (its name ends in Cents) is an integer.
    const money = [...JSON.stringify(p).matchAll(/"(\w+Cents)":(-?[\d.e+-]+)/g)];
    assert.ok(money.length > 50, `${money.length} money fields`);
    for (const [, k, v] of money) assert.ok(Number.isInteger(Number(v)), `${k} = ${v}`);
    assert.doesNotMatch(JSON.stringify(p), /\d\.\d*0000000\d|\d\.\d*9999999\d/, 'no float noise');
    const t = p.totals;
    assert.deepEqual([t.placed, t.partial, t.unplaced], [11, 0, 0]);
    for (const [k, v] of Object.entries(t)) assert.ok(Number.isInteger(v) && v >= 0, `totals.${k} = ${v}`);
    assert.equal(
      t.billCents,
      t.sunkCents + t.spendCents + t.shortfallPaidCents + t.preemptionCents,
      'bill = sunk + spend + shortfall + preemption',
    );
    assert.equal(t.incrementalCents, t.billCents - t.baselineCents, 'incremental = bill − baseline');
    assert.equal(
      sum(p.workloads, (w) => w.listCents),
      t.listCents,
      'Σ workload list cost',
    );
    assert.equal(
      sum(
        p.workloads.flatMap((w) => w.placements),
        (x) => x.spendCents,
      ),
      t.spendCents,
      'Σ placement spend',
    );
    assert.equal(
      sum(p.contracts, (c) => c.forecastShortfallCents),
      t.shortfallPaidCents,
      'Σ contract shortfall = shortfall paid',
    );
    assert.equal(
      sum(p.contracts, (c) => c.reservedSunkCents),
      t.sunkCents,
      'Σ reserved blocks = sunk',
    );
    assert.equal(
      sum(p.providers, (x) => x.spendCents) + t.preemptionCents,
      t.billCents,
      'Σ provider spend + preemption = bill',
    );
    // src/engine/attribution.ts: with no carry-forward the effective costs add up to bill − baseline; the
    // commitment terms in GPU-hours make that approximate (the free share is counted in GPU-hours), hence 1%.
    const sumEffective = sum(p.workloads, (w) => w.effectiveCents);
    const carried = p.contracts.some((c) => c.periods.some((x) => x.carryIn > 0));
    if (!carried)
      near(sumEffective, t.incrementalCents, 0.01 * t.incrementalCents, 'Σ workload effective cost ≈ incremental');
    for (const c of p.contracts) {
      for (const x of c.periods)
        near(x.burn, x.minimum > 0 ? x.usage / x.minimum : x.burn, 1e-4, `${c.id} burn = usage / minimum (rounded)`);
    }
    for (const x of p.providers) {
      assert.equal(
        x.withinCaps,
        x.spendShare <= x.maxSpendShare + 1e-9 && x.gpuShare <= x.maxGpuShare + 1e-9,
        `${x.id}: withinCaps ${JSON.stringify(x)}`,
      );
    }
    near(
      sum(p.providers, (x) => x.spendShare),
      1,
      1e-4 * p.providers.length,
      'spend shares add up to 1 (each rounded)',
    );
    for (const s of p.survivability) {
      assert.equal(
        s.unservedCents,
        sum(s.lost, (l) => l.unservedCents),
        `${s.provider}: unserved = Σ lost`,
      );
      assert.equal(
        s.effectiveDeltaCents,
        s.billDeltaCents + s.unservedCents,
        `${s.provider}: effective Δ = bill Δ + unserved`,
      );
      if (s.billDeltaCents < 0 && s.lost.length > 0)
        assert.ok(s.unservedCents > 0, `${s.provider}: a bill that falls with work lost shows that work`);
    }
  });

  test('the same --seed twice gives byte-identical --json', async () => {
    const args = ['plan', STARTUP, '--json', ...GREEDY];
    const first = await ok(...args);
    const second = await runCli(args, { timeoutMs: 60_000 }); // a second, separate process
    assert.equal(second.code, 0, shown(args, second));
    assert.ok(first.length > 1000);
    assert.equal(second.stdout, first);
  });

  test('--explain pretrain-3b: every alternative with one chosen, matching the placement', async () => {
    const [out, json] = await Promise.all([ok(...WITHOUT_LAMBDA), startupJson()]);
    const head =
      /^Why pretrain-3b goes where it goes: (\d+) alternatives passed the filters, (\d+) were rejected\.$/m.exec(out);
    assert.ok(head, out);
    const rows = tableRows(out.slice(head.index), /^POOL\s+TIER\s+EFFECTIVE\s+LIST\s+VERDICT$/);
    assert.equal(rows.length, Number(head[1]), 'one row per alternative');
    const chosen = rows.filter((l) => /\schosen$/.test(l));
    assert.equal(chosen.length, 1, rows.join('\n'));
    const [provider, region, gpu, tier] = chosen[0]!.split(/\s+/)[0]!.split('/');
    const placed = json.workloads.find((w) => w.id === 'pretrain-3b')!.placements[0]!;
    assert.deepEqual([provider, region, gpu, tier], [placed.provider, placed.region, placed.gpu, placed.tier]);
    for (const l of rows.filter((x) => !/\schosen$/.test(x)))
      assert.ok(l.trim().split(/\s{2,}/).length >= 5, `every loser has a verdict: ${l}`);
    if (Number(head[2]) > 0) assert.match(out, /^REJECTED$/m);
  });

  test('--what-if aws.price=+20% prints the re-plan and a diff line', async () => {
    const out = await ok('plan', STARTUP, ...GREEDY, '--what-if', 'aws.price=+20%');
    assert.match(out, /^skyfleet plan: startup /);
    assert.match(
      out,
      /^aws\.price=\+20%: the bill changes by [+-]?\$[\d.]+[kMB]? \(placements [+-]?\$[\d.]+[kMB]?\)(; work left undone [+-]?\$[\d.]+[kMB]?, so effectively [+-]?\$[\d.]+[kMB]?)?; \d+ workloads? moves?\.$/m,
    );
  });

  test('--what-if --json: the diff lists exactly the workloads whose placements changed', async () => {
    const out = JSON.parse(await ok('plan', STARTUP, '--json', ...GREEDY, '--what-if', 'aws.price=+20%')) as {
      base: Plan;
      variant: { label: string; plan: Plan; diff: PlanDiff };
    };
    const key = (w: Plan['workloads'][number]): string =>
      JSON.stringify(
        w.placements
          .map((x) => [
            x.provider,
            x.region,
            x.gpu,
            x.tier,
            x.contract,
            x.block,
            x.instanceType,
            x.gpus,
            x.replicas,
            x.units,
          ])
          .sort(),
      );
    const variantById = new Map(out.variant.plan.workloads.map((w) => [w.id, w]));
    const changed = out.base.workloads.filter((w) => key(w) !== key(variantById.get(w.id)!)).map((w) => w.id);
    assert.deepEqual(
      out.variant.diff.moved.map((m) => m.workload),
      changed,
    );
    for (const m of out.variant.diff.moved) assert.notEqual(m.from, m.to, JSON.stringify(m));
    assert.equal(out.variant.diff.billDeltaCents, out.variant.plan.totals.billCents - out.base.totals.billCents);
    assert.equal(
      out.variant.diff.effectiveDeltaCents,
      out.variant.diff.billDeltaCents + out.variant.diff.unservedDeltaCents,
    );
  });

  test('--without lambda shows what moves off lambda', async () => {
    const [out, base] = await Promise.all([ok(...WITHOUT_LAMBDA), startupJson()]);
    const m =
      /^without lambda: the bill changes by [+-]?\$[\d.]+[kMB]? \(placements [+-]?\$[\d.]+[kMB]?\)(?:; work left undone [+-]?\$[\d.]+[kMB]?, so effectively [+-]?\$[\d.]+[kMB]?)?; (\d+) workloads? moves?\.$/m.exec(
        out,
      );
    assert.ok(m, out);
    const variant = out.slice(0, m.index);
    const after = out.slice(m.index).split(/^Why /m)[0]!;
    assert.doesNotMatch(tableRows(variant, /^WORKLOAD\s+KIND/).join('\n'), /\blambda\b/, 'nothing is placed on lambda');
    assert.ok(
      !tableRows(variant, /^PROVIDER\s+SPEND/).some((l) => l.startsWith('lambda')),
      'lambda is not a provider any more',
    );
    const onLambda = base.workloads.filter((w) => w.placements.some((x) => x.provider === 'lambda')).map((w) => w.id);
    assert.ok(onLambda.length > 0, 'the base plan uses lambda');
    const moved = /^WORKLOAD\s+FROM\s+TO/m.test(after)
      ? tableRows(after, /^WORKLOAD\s+FROM\s+TO/).map((l) => l.split(/\s+/)[0]!)
      : [];
    const unplaced = /^No longer placeable: (.*)$/m.exec(after)?.[1]?.split(', ') ?? [];
    assert.equal(moved.length, Number(m[1]));
    for (const id of onLambda)
      assert.ok(
        moved.includes(id) || unplaced.includes(id),
        `${id} was on lambda: it moves or is reported unplaceable\n${after}`,
      );
  });
});

test("plan --timings: the plan on stdout as usual, each phase's wall time on stderr", async () => {
  const r = await runCli(['plan', 'examples/startup.yaml', '--timings', '--solver', 'greedy']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Bill over the horizon/);
  assert.match(
    r.stderr,
    /^skyfleet: timings: load \d+\.\d\d s, compile \d+\.\d\d s, solve \d+\.\d\d s, report \d+\.\d\d s, survivability \d+\.\d\d s, output \d+\.\d\d s; total \d+\.\d\d s/m,
  );
  const plain = await runCli(['plan', 'examples/startup.yaml', '--solver', 'greedy']);
  assert.equal(notesRemoved(plain.stderr), '', 'nothing but notes on stderr without --timings');
  assert.equal(notesRemoved(r.stderr).split('\n').filter(Boolean).length, 1, 'one timings line');
});

/** `skyfleet plan big.yaml --json | head -c 10`: the reader closes the pipe early; the command ends quietly. */
test('a closed stdout pipe ends the command with no stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { REPO_ROOT } = await import('./helpers.js');
  // The startup example with 300 more batch jobs: a plan far larger than a pipe's buffer.
  const extra = Array.from(
    { length: 300 },
    (_, i) => `  - { id: extra-${i}, kind: batch, gpus: [L4], count: 1, work: 10 GPU-h, deadline: 2027-11-30 }`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-pipe-'));
  const file = join(dir, 'big.yaml');
  writeFileSync(
    file,
    `${readFileSync(join(REPO_ROOT, 'examples/startup.yaml'), 'utf8').trimEnd()}\n${extra.join('\n')}\n`,
  );
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'plan', file, '--json', '--solver', 'greedy'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    const stderr = Buffer.concat(err).toString('utf8');
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|at .*\(node:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdout and stderr both closed early (`skyfleet plan … 2>&1 | head`): exit 0, whatever is written last', async () => {
  const { spawn } = await import('node:child_process');
  const { REPO_ROOT } = await import('./helpers.js');
  // The plan's notes go to stderr after the plan: a reader that has gone must not turn them into an internal error.
  for (let run = 0; run < 4; run++) {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'plan', 'examples/startup.yaml'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    child.stdout.once('data', () => {
      child.stdout.destroy();
      child.stderr.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.equal(code, 0, `run ${run}`);
  }
});

describe('plan --check: a gate for CI', { concurrency: 3 }, () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const scenario = (workloads: string): string =>
    tmp.write(
      `s${Math.abs(hash(workloads))}.yaml`,
      `name: t
horizon: { start: 2026-12-01, length: 90d }
providers:
  aws: { quota: 64 }
  gcp: { quota: 64 }
workloads:
${workloads}`,
    );
  const hash = (t: string): number => [...t].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

  test('a clean plan passes: exit 0, the plan on stdout, one line on stderr', async () => {
    const file = scenario('  - { id: job, kind: training, gpus: [H100], count: 8, work: 1k GPU-h }\n');
    const r = await runCli(['plan', file, '--check', '--solver', 'greedy']);
    assert.equal(r.code, 0, shown(['plan', file, '--check'], r));
    assert.match(r.stdout, /^skyfleet plan: t /);
    assert.match(notesRemoved(r.stderr), /^skyfleet: check passed: 1 workloads placed, no violations\n$/);
  });

  test('unplaced work fails: exit 1, the binding cause in the table, one line on stderr', async () => {
    const file = scenario(
      [
        '  - { id: job, kind: training, gpus: [H100], count: 8, work: 1k GPU-h }',
        '  - { id: huge, kind: training, gpus: [H100], count: 16, work: 2k GPU-h }',
        '',
      ].join('\n'),
    );
    for (const extra of [[], ['--json']]) {
      const args = ['plan', file, '--check', '--solver', 'greedy', ...extra];
      const r = await runCli(args);
      assert.equal(r.code, 1, shown(args, r));
      const lines = notesRemoved(r.stderr).split('\n').filter(Boolean);
      assert.deepEqual(lines, ['skyfleet: check failed: 1 unplaced (huge)'], shown(args, r));
      if (extra.length) {
        const p = JSON.parse(r.stdout) as Plan;
        assert.equal(p.workloads[1]!.whyNot?.binding.code, 'why.interconnect');
        assert.ok(p.totals.unservedCents > 0, 'the unplaced gang is valued as unserved');
      } else {
        // Why not, first: the interconnect domain, not a list of other GPU models.
        assert.match(
          r.stdout,
          /^huge .*UNPLACED: needs a gang of 16 GPUs in one interconnect domain; the largest anywhere is 8 /m,
        );
        assert.match(r.stdout, /^NOT DONE: work worth \$[\d.]+[kMB]? is unserved/m);
      }
    }
    // --explain leads with the same cause; the other GPU models are one line, not one per pool.
    const args = ['plan', file, '--solver', 'greedy', '--explain', 'huge'];
    const r = await runCli(args);
    assert.equal(r.code, 0, shown(args, r));
    const explain = r.stdout.slice(r.stdout.indexOf('\nWhy huge'));
    assert.match(explain, /^\nWhy huge is not wholly placed: needs a gang of 16 GPUs in one interconnect domain/);
    assert.match(explain, /^ {2}gpu-model \(\d+\): pools of GPU models the workload does not accept$/m);
    assert.ok(explain.indexOf('interconnect (') < explain.indexOf('gpu-model ('), 'the binding filter is listed first');
  });

  test('a policy violation fails the check (startup: survivability); bad input stays exit 2', async () => {
    const r = await runCli(['plan', STARTUP, '--check', ...GREEDY]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(notesRemoved(r.stderr), /^skyfleet: check failed: 1 policy violation \(policy\.survivability\)\n$/);
    const bad = await runCli(['plan', 'no-such-file.yaml', '--check']);
    assert.equal(bad.code, 2, bad.stderr);
  });
});
