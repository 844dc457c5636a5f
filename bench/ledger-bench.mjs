#!/usr/bin/env node
/**
 * The ledger's performance target (issue 13): the ledger and FOCUS export of a 7-year simulation with ≥ 800k jobs
 * in ≤ 30 s. Run: `npm run build && node bench/ledger-bench.mjs [runs]` (default 1 run).
 *
 * The run is bench/sim-bench.mjs's 7-year simulation: frontier-lab, `--horizon 7y`, the Philly trace repeated to fill
 * the horizon (≈1.9 million jobs), hourly inference shaped by the Azure LLM trace, seed 1. Measured in process on
 * dist/, the inputs read first:
 *   - sim alone       the simulation without a usage sink (what `simulate` does);
 *   - sim + records   the same simulation handing every billed segment over as a usage record (kept in memory);
 *   - booking         every record booked into the ledger (LedgerBook.add), timed alone;
 *   - close           settlement, reserved blocks, chargeback, monthly sums (finishLedger);
 *   - FOCUS export    both CSV files written to a temporary folder, a megabyte at a time;
 *   - ledger + export = booking + close + FOCUS export, each timed directly (the ledger's own work); making the
 *     records inside the simulation costs the CPU difference of the two simulations.
 * Also the whole command under GNU time (`skyfleet ledger --from … --focus DIR --json`: simulation included) for wall,
 * CPU and peak memory. The ledger's bill must equal the simulator's to the cent (ledgerScenario checks it) and the
 * sum of BilledCost in the export must equal billedUsd. Results are appended to bench/RESULTS-ledger.md with the
 * date, the machine and the load average.
 */
import { appendFileSync, createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dist, gnuTimed, load, log, requireBuild, root, SEVEN_YEARS } from './common.mjs';

const RUNS = Number(process.argv[2] ?? 1);
requireBuild();
process.chdir(root);
const { prepare } = await import(dist('cli/commands/simulate.js'));
const { writeLines } = await import(dist('cli/commands/ledger.js'));
const { setupInput } = await import(dist('sim/setup.js'));
const { simulate } = await import(dist('sim/simulate.js'));
const { skyfleetPolicy } = await import(dist('sim/policies/skyfleet.js'));
const { LedgerBook } = await import(dist('ledger/book.js'));
const { finishLedger } = await import(dist('ledger/result.js'));
const { ledgerInputFromWorld, usageRecorder } = await import(dist('app/ledger-input.js'));
const { sameBill } = await import(dist('app/ledger-scenario.js'));
const { costAndUsageLines, contractCommitmentLines } = await import(dist('ledger/focus/index.js'));

const cpuS = (c) => (c.user + c.system) / 1e6;
function timedIn(f) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  return { value, wall: (performance.now() - t0) / 1000, cpu: cpuS(process.cpuUsage(c0)) };
}

/** BilledCost summed exactly (cents) from a FOCUS cost_and_usage.csv: the first column, never quoted. */
async function billedOf(file) {
  let cents = 0n;
  let first = true;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (first) {
      first = false;
      continue;
    }
    const v = line.slice(0, line.indexOf(','));
    const [w, f = '0'] = v.replace('-', '').split('.');
    const c = BigInt(w) * 100n + BigInt(f.padEnd(2, '0'));
    cents += v.startsWith('-') ? -c : c;
  }
  return cents;
}

log(`load average at the start: ${load()}`);
const p = prepare('examples/frontier-lab.yaml', SEVEN_YEARS);
const input = setupInput(p.scenario, p.world, p.setup, 1);
if (!input.ok) {
  log(JSON.stringify(input.issues));
  process.exit(1);
}
const jobs = input.value.jobs.count;
const rows = [];
for (let i = 0; i < RUNS; i++) {
  const loadBefore = load();
  const alone = timedIn(() => simulate(input.value, skyfleetPolicy, { seed: 1, world: p.world }));
  log(`  sim alone: ${alone.wall.toFixed(2)} s wall, ${alone.cpu.toFixed(2)} s CPU`);
  const li = ledgerInputFromWorld(p.world);
  const book = new LedgerBook(li);
  const record = usageRecorder(p.world);
  const records = [];
  const booked = timedIn(() =>
    simulate(input.value, skyfleetPolicy, { seed: 1, world: p.world, onUsage: (s) => records.push(record(s)) }),
  );
  log(`  sim + records: ${booked.wall.toFixed(2)} s wall, ${booked.cpu.toFixed(2)} s CPU, ${records.length} records`);
  const booking = timedIn(() => {
    for (const u of records) book.add(u);
  });
  records.length = 0;
  log(`  booking: ${booking.wall.toFixed(2)} s wall, ${booking.cpu.toFixed(2)} s CPU`);
  const closed = timedIn(() => finishLedger(book));
  const ledger = closed.value;
  const problems = [...ledger.problems, ...sameBill(booked.value, ledger)];
  if (problems.length) {
    log(`the ledger does not reconcile: ${problems.slice(0, 5).join('; ')}`);
    process.exit(1);
  }
  log(`  close: ${closed.wall.toFixed(2)} s wall, ${closed.cpu.toFixed(2)} s CPU`);
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-focus-'));
  const exported = timedIn(() => ({
    rows: writeLines(join(dir, 'cost_and_usage.csv'), costAndUsageLines(ledger, li, { account: p.scenario.name })),
    commitments: writeLines(join(dir, 'contract_commitment.csv'), contractCommitmentLines(li)),
  }));
  const bytes = statSync(join(dir, 'cost_and_usage.csv')).size;
  const sumBilled = await billedOf(join(dir, 'cost_and_usage.csv'));
  rmSync(dir, { recursive: true, force: true });
  if (sumBilled !== BigInt(ledger.totals.billedCents)) {
    log(`Σ BilledCost ${sumBilled} cents != billed ${ledger.totals.billedCents}`);
    process.exit(1);
  }
  log(
    `  FOCUS export: ${exported.wall.toFixed(2)} s wall, ${exported.cpu.toFixed(2)} s CPU, ${exported.value.rows} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  );
  const added = booking.wall + closed.wall + exported.wall;
  const addedCpu = booking.cpu + closed.cpu + exported.cpu;
  log(`  ledger + export: ${added.toFixed(2)} s wall, ${addedCpu.toFixed(2)} s CPU; load ${loadBefore} → ${load()}`);
  rows.push({
    alone,
    booked,
    booking,
    closed,
    exported,
    added,
    addedCpu,
    bytes,
    records: book.records,
    ledger,
    loadBefore,
    loadAfter: load(),
  });
}

// The whole command, simulation included, under GNU time.
let whole = '';
if (existsSync('/usr/bin/time')) {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-focus-'));
  const args = [
    'ledger',
    '--from',
    'examples/frontier-lab.yaml',
    '--horizon',
    '7y',
    '--seed',
    '1',
    '--trace',
    SEVEN_YEARS.trace,
    '--requests',
    SEVEN_YEARS.requests,
    '--focus',
    dir,
    '--json',
    '--no-progress',
  ];
  const before = load();
  const { wall, user, sys, cpu, mib } = gnuTimed(args, {
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
  whole = `\`node dist/cli/main.js ${args.join(' ').replace(dir, 'DIR')}\`: ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (${user.toFixed(2)} user + ${sys.toFixed(2)} sys), ${mib.toFixed(0)} MiB peak; load ${before} → ${load()}`;
  log(`  whole command: ${whole}`);
}

const r0 = rows[0];
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const md = `
## ${date} UTC — ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}

7-year frontier-lab simulation (Philly trace repeated, Azure LLM request shape, seed 1): ${jobs.toLocaleString('en-US')} jobs, ${r0.records.toLocaleString('en-US')} usage records booked into ${(r0.ledger.usage.length + r0.ledger.periodCharges.length).toLocaleString('en-US')} charge rows; billed ${r0.ledger.totals.billedCents} cents, equal to the simulator's to the cent and to Σ BilledCost of the export.

| measure (in process, \`node bench/ledger-bench.mjs\`) | wall | CPU |
|---|---|---|
${rows
  .map(
    (r, i) =>
      `| run ${i + 1}: simulation alone | ${r.alone.wall.toFixed(2)} s | ${r.alone.cpu.toFixed(2)} s |
| run ${i + 1}: simulation handing over every segment as a usage record | ${r.booked.wall.toFixed(2)} s | ${r.booked.cpu.toFixed(2)} s |
| run ${i + 1}: booking the ${r.records.toLocaleString('en-US')} records | ${r.booking.wall.toFixed(2)} s | ${r.booking.cpu.toFixed(2)} s |
| run ${i + 1}: close (settle, reserved, chargeback, months) | ${r.closed.wall.toFixed(2)} s | ${r.closed.cpu.toFixed(2)} s |
| run ${i + 1}: FOCUS export (${(r.bytes / 2 ** 20).toFixed(0)} MiB cost_and_usage.csv) | ${r.exported.wall.toFixed(2)} s | ${r.exported.cpu.toFixed(2)} s |
| **run ${i + 1}: ledger + export = booking + close + export (target ≤ 30 s)** | **${r.added.toFixed(2)} s** | **${r.addedCpu.toFixed(2)} s** |`,
  )
  .join('\n')}

Load average ${rows.map((r) => `${r.loadBefore} → ${r.loadAfter}`).join('; ')}.${whole ? `\n\nWhole command (simulation included): ${whole}.` : ''}
`;
appendFileSync(`${root}bench/RESULTS-ledger.md`, md);
log('appended to bench/RESULTS-ledger.md');
