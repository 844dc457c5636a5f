/**
 * `skyfleet ledger --from SCENARIO`: a simulated run (the simulator's options) booked into the ledger
 * (src/app/ledger-scenario.ts), rendered as text, JSON, CSV or the HTML report, and exported as FOCUS 1.3
 * (`--focus DIR`: DIR/cost_and_usage.csv and DIR/contract_commitment.csv, written a line at a time).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  asPlan,
  checkLedgerPolicy,
  ledgerFromPlan,
  type LedgerRun,
  type LedgerView,
  loadScenario,
  contractCommitmentLines,
  costAndUsageLines,
  ledgerScenario,
  ledgerView,
} from '../../app/ledger-types.js';
import { renderLedgerReport } from '../../report/index.js';
import { excerpt } from '../../core/excerpt.js';
import { fileInputs } from '../adapters/input-files.js';
import { progressPrinter } from '../adapters/progress.js';
import { UserError } from '../io.js';
import { flagError, parseSeed } from '../options.js';
import { checkOutputs, reportTo } from '../output-files.js';
import { focusWritten, printLedgerView } from '../render-ledger.js';
import { addSimOptions, prepare, type SimCliOptions } from './simulate.js';
import { writeStderrSync } from '../io.js';
import { liveLedger } from '../client/ledger-live.js';

interface LedgerCliOptions extends SimCliOptions {
  from?: string;
  policy: string;
  focus?: string;
  scenario?: string;
  since?: string;
  until?: string;
}

/** Writes the lines of `lines` to `path`, a megabyte at a time (never the whole file as one string). */
export function writeLines(path: string, lines: Iterable<string>): number {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw flagError(
      'output.unwritable',
      `--focus ${excerpt(path, 200)}: cannot write it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let rows = -1;
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      rows++;
      if (size >= 1 << 20) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** The ledger of `--from`: a plan (`skyfleet plan --json`, with --scenario) or a scenario to simulate. */
function bookFrom(
  from: string,
  o: LedgerCliOptions,
): { scenario: string; run: { ledger: LedgerRun['ledger']; input: LedgerRun['input'] }; view: LedgerView } {
  const plan = from.endsWith('.json') ? asPlan(fileInputs.read('scenario', from)) : undefined;
  if (plan) {
    if (o.scenario === undefined)
      throw flagError('flag.invalid', `--from ${excerpt(from, 200)} is a plan: give its scenario with --scenario FILE`);
    const scenario = loadScenario(fileInputs, o.scenario, o.catalog);
    const run = ledgerFromPlan(plan, scenario, excerpt(from, 200));
    const view = ledgerView(run.ledger, run.input, { kind: 'plan', scenario: scenario.name, plan: from });
    return { scenario: scenario.name, run, view };
  }
  const seed = parseSeed(o.seed);
  const { from: _f, policy: _p, focus: _x, scenario: _s, ...rest } = o;
  const p = prepare(from, rest as SimCliOptions);
  checkLedgerPolicy(p, o.policy);
  for (const n of p.notes) writeStderrSync(`skyfleet: ${n}\n`);
  const progress = o.progress ? progressPrinter(p.world.start, p.world.end) : undefined;
  const run = ledgerScenario(p, { policy: o.policy, seed }, progress);
  const view = ledgerView(run.ledger, run.input, {
    kind: 'simulation',
    scenario: p.scenario.name,
    policy: o.policy,
    seed,
  });
  return { scenario: p.scenario.name, run, view };
}

export function registerLedger(program: Command): void {
  addSimOptions(
    program
      .command('ledger')
      .description(
        'the ledger of a run against its contracts: spend and burn-down by month, forecast shortfall, team chargeback, FOCUS 1.3 export',
      )
      .option(
        '--from <file>',
        'book a simulation of this scenario (YAML or JSON; the simulator options below), or a plan (skyfleet plan --json output) as forecast usage',
      )
      .option('--scenario <file>', 'with --from PLAN.json: the scenario the plan was made from')
      .option('--policy <name>', 'single:<provider>, cheapest-first, skypilot-like or skyfleet', 'skyfleet')
      .option('--seed <n>', 'random seed', '1')
      .option('--focus <dir>', 'write the FOCUS 1.3 export: DIR/cost_and_usage.csv and DIR/contract_commitment.csv')
      .option('--since <date>', 'without --from: the period starts here (default: this calendar month, UTC)')
      .option('--until <date>', 'without --from: the period ends here (default: now)'),
  ).action(async (o: LedgerCliOptions) => {
    // No --from: the running control plane's ledger (SKYFLEET_URL, SKYFLEET_TOKEN), through its API.
    if (o.from === undefined) {
      await liveLedger(o);
      return;
    }
    if (o.since !== undefined || o.until !== undefined)
      throw flagError('flag.invalid', '--since and --until are for the control plane ledger (without --from)');
    checkOutputs(o);
    const { scenario, run, view } = bookFrom(o.from, o);
    const focus = o.focus;
    if (focus !== undefined) {
      try {
        mkdirSync(focus, { recursive: true });
      } catch (e) {
        throw new UserError(
          `--focus ${excerpt(focus, 200)}: cannot make the folder (${(e as NodeJS.ErrnoException).code ?? 'error'}) [output.unwritable]`,
        );
      }
      const rows = writeLines(
        join(focus, 'cost_and_usage.csv'),
        costAndUsageLines(run.ledger, run.input, { account: scenario }),
      );
      const commitments = writeLines(join(focus, 'contract_commitment.csv'), contractCommitmentLines(run.input));
      writeStderrSync(focusWritten(focus, rows, commitments));
    }
    reportTo(o.report, () =>
      renderLedgerReport({
        scenario,
        view,
        commitments: run.ledger.commitments,
        horizon: run.input.horizon,
      }),
    );
    printLedgerView(scenario, view, o);
  });
}
