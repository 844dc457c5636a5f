#!/usr/bin/env node
/**
 * The simulator's performance targets (issue 3), measured on the built CLI. Run: `npm run bench:sim`
 * (= `npm run build && node bench/sim-bench.mjs [runs]`, default 3 runs of each measure).
 *
 *   1. `skyfleet simulate examples/frontier-lab.yaml --horizon 7y` with the Philly trace repeated to fill the seven
 *      years (≈1.9 million jobs) and hourly inference demand shaped by the Azure LLM trace: wall and CPU time and peak
 *      memory of the whole process (GNU time), target ≤ 30 s and ≤ 2 GiB; events per second, end to end and for the
 *      simulation loop alone (timed in process on dist/, inputs already read).
 *   2. `skyfleet compare examples/startup.yaml` with 4 policies × 10 seeds and the Philly trace (worker threads):
 *      wall and CPU time, peak memory, target ≤ 60 s.
 * Every run of a measure must print the same JSON (same seed, same numbers to the cent): the bench fails otherwise.
 * Results are appended to bench/RESULTS-sim.md with the date, the machine and the load average (the machine is shared:
 * a load above the core count inflates wall times, so CPU time is recorded alongside).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dist, gnuTimed, load, log, requireBuild, root, SEVEN_YEARS } from './common.mjs';

const RUNS = Number(process.argv[2] ?? 3);
requireBuild();
if (!existsSync('/usr/bin/time')) {
  log('needs GNU time (/usr/bin/time)');
  process.exit(1);
}

const SIM = [
  'simulate',
  'examples/frontier-lab.yaml',
  '--horizon',
  '7y',
  '--seed',
  '1',
  '--trace',
  'data/traces/philly_jobs.csv',
  '--requests',
  'data/traces/azure_llm_2023_conv_requests.csv',
  '--json',
  '--no-progress',
];
const COMPARE = [
  'compare',
  'examples/startup.yaml',
  '--policies',
  'single:aws,cheapest-first,skyfleet,offline-optimal',
  '--trace',
  'data/traces/philly_jobs.csv',
  '--seeds',
  '10',
  '--json',
  '--no-progress',
];

function series(name, args) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const before = load();
    const r = gnuTimed(args);
    runs.push({ ...r, loadBefore: before, loadAfter: load() });
    log(
      `  ${name} run ${i + 1}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU (${r.user.toFixed(2)} user + ${r.sys.toFixed(2)} sys), ${r.mib.toFixed(0)} MiB; load ${before} → ${load()}`,
    );
  }
  const same = runs.every((r) => r.out === runs[0].out);
  if (!same) {
    log(`${name}: the runs printed different results for the same seeds`);
    process.exit(1);
  }
  const sorted = [...runs].sort((a, b) => a.wall - b.wall);
  return { runs, median: sorted[Math.floor((sorted.length - 1) / 2)], json: JSON.parse(runs[0].out) };
}

log(`load average at the start: ${load()}`);
log('1. simulate, frontier-lab, 7 years, Philly trace repeated, hourly inference…');
const sim = series('simulate 7y', SIM);

// The simulation loop alone, in process (inputs read and set up first), for events per second without start-up.
const { prepare } = await import(dist('cli/commands/simulate.js'));
const { setupInput } = await import(dist('sim/setup.js'));
const { simulate } = await import(dist('sim/simulate.js'));
const { skyfleetPolicy } = await import(dist('sim/policies/skyfleet.js'));
process.chdir(root);
const p = prepare('examples/frontier-lab.yaml', SEVEN_YEARS);
const t0 = performance.now();
const input = setupInput(p.scenario, p.world, p.setup, 1);
if (!input.ok) {
  log(JSON.stringify(input.issues));
  process.exit(1);
}
const setupS = (performance.now() - t0) / 1000;
const loop = [];
for (let i = 0; i < RUNS; i++) {
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const r = simulate(input.value, skyfleetPolicy, { seed: 1, world: p.world });
  const wall = (performance.now() - t1) / 1000;
  const cu = process.cpuUsage(c0);
  loop.push({ wall, cpu: (cu.user + cu.system) / 1e6, events: r.events, billed: r.cost.billedCents });
  log(
    `  simulation loop run ${i + 1}: ${wall.toFixed(2)} s wall, ${((cu.user + cu.system) / 1e6).toFixed(2)} s CPU, ${r.events} events`,
  );
}
if (loop.some((l) => l.billed !== sim.json.cost.billedCents || l.events !== sim.json.events)) {
  log('in-process run differs from the CLI run');
  process.exit(1);
}
const loopMedian = [...loop].sort((a, b) => a.wall - b.wall)[Math.floor((loop.length - 1) / 2)];

log('2. compare, startup, 4 policies × 10 seeds, Philly trace…');
const cmp = series('compare 4×10', COMPARE);

const cpu0 = cpus()[0]?.model?.trim() ?? 'cpu';
const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || String(availableParallelism());
const machine = `nproc ${nproc}, ${cpu0}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const events = sim.json.events;
const fmt = (r) => `${r.wall.toFixed(2)}/${r.cpu.toFixed(2)}`;
const loads = (s) => s.runs.map((r) => `${r.loadBefore.split(' ')[0]}→${r.loadAfter.split(' ')[0]}`).join(', ');
const lines = [
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}; load average at the end ${load()}\n`,
  `Commands (from the repository root, after \`npm run build\`; times by \`/usr/bin/time -f '%e %U %S %M'\`, ${RUNS} runs each, median by wall time):`,
  `- \`node dist/cli/main.js ${SIM.join(' ')}\``,
  `- \`node dist/cli/main.js ${COMPARE.join(' ')}\`\n`,
  `7-year run: ${sim.json.jobs.arrived.toLocaleString('en-US')} jobs arrived (${sim.json.jobs.finished.toLocaleString('en-US')} finished), ${input.value.services.length} inference services (service × geography) re-balanced every simulated hour, ${events.toLocaleString('en-US')} events, ${sim.json.ledger.postings.toLocaleString('en-US')} ledger postings; billed ${(sim.json.cost.billedCents / 100).toExponential(6)} USD (identical in every run).\n`,
  `| measure | target | result |`,
  `|---|---|---|`,
  `| \`simulate\` 7 years, end to end (wall / CPU) | ≤ 30 s | ${sim.median.wall.toFixed(2)} s wall, ${sim.median.cpu.toFixed(2)} s CPU (runs, wall/CPU s: ${sim.runs.map(fmt).join(', ')}; 1-min load before→after: ${loads(sim)}) |`,
  `| \`simulate\` 7 years, peak memory (max RSS) | ≤ 2 GiB | ${Math.max(...sim.runs.map((r) => r.mib)).toFixed(0)} MiB |`,
  `| events per second, end to end | — | ${Math.round(events / sim.median.wall).toLocaleString('en-US')} /s of wall time (${Math.round(events / sim.median.cpu).toLocaleString('en-US')} /s of CPU time) |`,
  `| events per second, simulation loop alone (in process; setup ${setupS.toFixed(2)} s) | — | ${Math.round(events / loopMedian.wall).toLocaleString('en-US')} /s (${loopMedian.wall.toFixed(2)} s wall, ${loopMedian.cpu.toFixed(2)} s CPU; runs ${loop.map((l) => l.wall.toFixed(2)).join(', ')} s) |`,
  `| \`compare\` 4 policies × 10 seeds, ${availableParallelism()} worker threads (wall / CPU) | ≤ 60 s | ${cmp.median.wall.toFixed(2)} s wall, ${cmp.median.cpu.toFixed(2)} s CPU (runs, wall/CPU s: ${cmp.runs.map(fmt).join(', ')}; 1-min load before→after: ${loads(cmp)}) |`,
  `| \`compare\` peak memory (max RSS, all threads) | — | ${Math.max(...cmp.runs.map((r) => r.mib)).toFixed(0)} MiB |`,
  '',
];
appendFileSync(`${root}bench/RESULTS-sim.md`, lines.join('\n'));
log(lines.join('\n'));
log(`appended to bench/RESULTS-sim.md (${readFileSync(`${root}bench/RESULTS-sim.md`, 'utf8').length} bytes)`);
