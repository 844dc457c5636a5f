#!/usr/bin/env node
/**
 * skyfleet — the command line. Every rejection is exit 2 and one line per problem on stderr,
 * `skyfleet: <file>:<line>:<col>: <what> [<code>]` (or `skyfleet: <what> [<code>]` for flags and usage), never a
 * stack trace; results go to stdout, notes and progress to stderr. stderr is written synchronously before the
 * process ends, so a long list of problems read through a pipe arrives whole.
 */
import { isMainThread } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { registerPlan } from './commands/plan.js';
import { registerCatalog } from './commands/catalog.js';
import { registerValidate } from './commands/validate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerCompare } from './commands/compare.js';
import { registerLedger } from './commands/ledger.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerWorkloadCommands } from './commands/workloads.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerServe } from './commands/serve.js';
import { escapeControl, exitAfterStdout, failure, writeStderrSync } from './io.js';

/** Prints the problem lines synchronously (and, with SKYFLEET_DEBUG=1, the stack of an internal error) and exits. */
function fail(e: unknown): void {
  const { lines, exitCode } = failure(e, process.argv.slice(2));
  writeStderrSync(`${lines.join('\n')}\n`);
  if (exitCode === 70 && process.env.SKYFLEET_DEBUG === '1' && e instanceof Error && e.stack)
    writeStderrSync(`${escapeControl(e.stack).replace(/\\n/g, '\n')}\n`);
  exitAfterStdout(exitCode);
}

async function main(): Promise<void> {
  // A reader that stops early (`skyfleet plan … | head`) closes the pipe: that ends the command quietly, not a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    fail(e);
  });
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  // commander prints nothing of its errors (main prints them as one `skyfleet: … [usage.…]` line); help asked for
  // goes to stdout, help commander shows on an error (no command given) is replaced by that line. Subcommands copy
  // this configuration when they are created, so it comes before the register calls.
  const program = new Command()
    .name('skyfleet')
    .description(
      'multi-cloud GPU compute broker: commitment-aware placement across providers, contracts and risk policy',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: () => {}, writeErr: () => {} });
  registerPlan(program);
  registerCatalog(program);
  registerValidate(program);
  registerSimulate(program);
  registerCompare(program);
  registerLedger(program);
  registerSandbox(program);
  registerWorkloadCommands(program);
  registerAccountCommands(program);
  registerServe(program);

  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    // --help, --version, `help <command>`: commander has printed them to stdout; exit 0 once it is flushed.
    if (e instanceof CommanderError && e.exitCode === 0) {
      process.exitCode = 0;
      return;
    }
    fail(e);
  }
}

// In the one-file build this module is also what `compare`'s worker threads load (its worker code runs on import,
// in adapters/compare-workers.ts): only the main thread is the command line.
if (isMainThread) await main();
