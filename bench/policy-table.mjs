// The table of issue 11: every scenario × bundled-trace combination, every policy, over N seeds (default 10).
// Usage: npm run build && node bench/policy-table.mjs [seeds] [--cells startup,frontier-lab]
//          [--traces none,philly,azure,philly+azure] >> bench/RESULTS-policies.md
// Each cell runs `skyfleet compare … --json` once and prints a Markdown table (mean and 95% interval over seeds) with
// the exact command and its wall time. skyfleet's mean is marked `<` (significantly below: its interval lies wholly
// below the baseline's) or `≈` (the intervals overlap) against each baseline. Under each table: skyfleet ÷ hindsight on
// incremental cost, the gap between the bound and hindsight, and skyfleet's regret against the bound in parts.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

const seeds = Number(process.argv[2] ?? 10);
const only = process.argv.includes('--cells') ? process.argv[process.argv.indexOf('--cells') + 1].split(',') : null;
const traceKeys = process.argv.includes('--traces')
  ? process.argv[process.argv.indexOf('--traces') + 1].split(',')
  : null;
const POLICIES = 'single:aws,cheapest-first,skypilot-like,skyfleet,hindsight,offline-optimal';
const TRACES = [
  ['none', 'no trace', []],
  ['philly', 'Philly jobs', ['--trace', 'data/traces/philly_jobs.csv']],
  ['azure', 'Azure LLM requests', ['--requests', 'data/traces/azure_llm_2023_conv_requests.csv']],
  [
    'philly+azure',
    'Philly jobs + Azure LLM requests',
    ['--trace', 'data/traces/philly_jobs.csv', '--requests', 'data/traces/azure_llm_2023_conv_requests.csv'],
  ],
].filter(([key]) => !traceKeys || traceKeys.includes(key));
const SCENARIOS = ['startup', 'frontier-lab'].filter((s) => !only || only.includes(s));

const money = (v) =>
  Math.abs(v) >= 1e9
    ? `$${(v / 1e9).toFixed(2)}B`
    : Math.abs(v) >= 1e6
      ? `$${(v / 1e6).toFixed(2)}M`
      : `$${(v / 1e3).toFixed(1)}k`;
const iv = (m, f = money) => (m ? `${f(m.mean)} [${f(m.lo)}, ${f(m.hi)}]` : '—');
const num = (v) => v.toFixed(2);
const pct = (v) => `${(v * 100).toFixed(1)}%`;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\n## ${new Date().toISOString().slice(0, 16)} UTC — ${cpus().length} × ${cpu}, Node ${process.version}, ${seeds} seeds\n`,
);
for (const scenario of SCENARIOS) {
  for (const [, label, traceArgs] of TRACES) {
    const args = [
      'compare',
      `examples/${scenario}.yaml`,
      '--policies',
      POLICIES,
      '--seeds',
      String(seeds),
      ...traceArgs,
      '--json',
      '--no-progress',
    ];
    const load = loadavg()[0].toFixed(2);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) {
      console.log(`### ${scenario}, ${label}\n\nfailed (exit ${r.status}): ${r.stderr.split('\n')[0]}\n`);
      continue;
    }
    const out = JSON.parse(r.stdout);
    const by = Object.fromEntries(out.policies.map((p) => [p.policy, p]));
    const sky = by.skyfleet?.effectiveUsd;
    const verdict = (p) => {
      const e = p.effectiveUsd;
      if (!sky || !e || p.policy === 'skyfleet' || p.policy === 'offline-optimal' || p.policy === 'hindsight')
        return '';
      return sky.hi < e.lo ? ' (skyfleet <)' : sky.lo > e.hi ? ' (skyfleet >)' : ' (≈)';
    };
    console.log(`### ${scenario}, ${label}\n`);
    console.log(`\`node dist/cli/main.js ${args.join(' ')}\` — ${wall.toFixed(1)} s wall, load ${load} before\n`);
    console.log('| policy | effective | incremental | deadline misses | inference served |');
    console.log('|---|---|---|---|---|');
    for (const p of out.policies) {
      console.log(
        `| ${p.policy} | ${iv(p.effectiveUsd)}${verdict(p)} | ${iv(p.incrementalUsd)} | ${iv(p.deadlineMisses, num)} | ${iv(p.attainment, pct)} |`,
      );
    }
    const sk = by.skyfleet?.incrementalUsd?.mean;
    const hs = by.hindsight?.incrementalUsd?.mean;
    const lb = by['offline-optimal']?.incrementalUsd?.mean;
    const regret = Object.fromEntries((out.regret ?? []).map((r) => [r.policy, r]));
    console.log('');
    if (sk !== undefined && hs !== undefined && hs > 0)
      console.log(`- skyfleet ÷ hindsight on incremental cost: **${(sk / hs).toFixed(3)}**`);
    const gap = regret.hindsight?.gapToBoundUsd;
    if (gap && hs !== undefined && lb !== undefined)
      console.log(
        `- gap between the bound and hindsight (hindsight − offline-optimal, per seed): ${iv(gap)}; on incremental cost ${money(lb)} (bound) against ${money(hs)} (hindsight)${lb >= 1000 ? `, hindsight ÷ bound ${(hs / lb).toFixed(3)}` : ' (the bound adds nothing to the bill owed with nothing placed: no ratio)'}`,
      );
    const g = regret.skyfleet?.regretUsd;
    if (g)
      console.log(
        `- skyfleet's regret against the bound, part by part (mean): ${money(g.total)} = commitment waste ${money(g.commitmentWaste)} + spot ${money(g.spotLosses)} + outages ${money(g.outages)} + capacity ${money(g.capacityLosses ?? 0)} + unserved ${money(g.queueingUnserved)} + useful spend ${money(g.other)}`,
      );
    console.log('');
  }
}
