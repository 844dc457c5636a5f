/**
 * `skyfleet ledger --from SCENARIO`: a simulated run (the simulator's options) booked into the ledger
 * (src/app/ledger-scenario.ts), rendered as text, JSON, CSV or the HTML report, and exported as FOCUS 1.3
 * (`--focus DIR`: DIR/cost_and_usage.csv and DIR/contract_commitment.csv, written a line at a time).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  checkLedgerPolicy,
  contractCommitmentLines,
  costAndUsageLines,
  ledgerScenario,
  ledgerView,
} from '../../app/ledger-types.js';
import { renderLedgerReport } from '../../report/index.js';
import { excerpt } from '../../core/excerpt.js';
import { progressPrinter } from '../adapters/progress.js';
import { UserError } from '../io.js';
import { flagError, parseSeed } from '../options.js';
import { checkOutputs, reportTo, writeOutputFile } from '../output-files.js';
import { renderLedger, ledgerCsv } from '../render-ledger.js';
import { addSimOptions, prepare, type SimCliOptions } from './simulate.js';
import { writeStderrSync } from '../io.js';

interface LedgerCliOptions extends SimCliOptions {
  from?: string;
  policy: string;
  focus?: string;
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

export function registerLedger(program: Command): void {
  addSimOptions(
    program
      .command('ledger')
      .description(
        'the ledger of a run against its contracts: spend and burn-down by month, forecast shortfall, team chargeback, FOCUS 1.3 export',
      )
      .option(
        '--from <scenario>',
        'book a simulation of this scenario (YAML or JSON), with the simulator options below',
      )
      .option('--policy <name>', 'single:<provider>, cheapest-first, skypilot-like or skyfleet', 'skyfleet')
      .option('--seed <n>', 'random seed', '1')
      .option('--focus <dir>', 'write the FOCUS 1.3 export: DIR/cost_and_usage.csv and DIR/contract_commitment.csv'),
  ).action((o: LedgerCliOptions) => {
    if (o.from === undefined)
      throw flagError(
        'flag.invalid',
        'ledger needs --from SCENARIO (a simulation); reading a running control plane is not available yet',
      );
    const seed = parseSeed(o.seed);
    checkOutputs(o);
    const { from, policy: _p, focus, ...rest } = o;
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
        costAndUsageLines(run.ledger, run.input, { account: p.scenario.name }),
      );
      const commitments = writeLines(join(focus, 'contract_commitment.csv'), contractCommitmentLines(run.input));
      writeStderrSync(
        `skyfleet: FOCUS 1.3 written to ${focus}: cost_and_usage.csv (${rows} rows), contract_commitment.csv (${commitments} rows)\n`,
      );
    }
    reportTo(o.report, () =>
      renderLedgerReport({
        scenario: p.scenario.name,
        view,
        commitments: run.ledger.commitments,
        horizon: run.input.horizon,
      }),
    );
    if (o.csv !== undefined) {
      const csv = ledgerCsv(view);
      if (typeof o.csv === 'string') writeOutputFile('--csv', o.csv, csv);
      else {
        process.stdout.write(csv);
        return;
      }
    }
    if (o.json) {
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${renderLedger(p.scenario.name, view)}\n`);
  });
}
