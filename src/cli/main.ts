#!/usr/bin/env node
/** skyfleet — the command line. Input problems print as `file:line:col: message [code]` and exit 2; never a stack. */
import { isMainThread } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { registerPlan } from './commands/plan.js';
import { registerCatalog } from './commands/catalog.js';
import { registerValidate } from './commands/validate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerCompare } from './commands/compare.js';
import { UserError } from './io.js';

async function main(): Promise<void> {
  // A reader that stops early (`skyfleet plan … | head`) closes the pipe: that ends the command quietly, not a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

  const program = new Command()
    .name('skyfleet')
    .description('multi-cloud GPU compute broker: commitment-aware placement across providers, contracts and risk policy')
    .version('0.1.0')
    .exitOverride();
  registerPlan(program);
  registerCatalog(program);
  registerValidate(program);
  registerSimulate(program);
  registerCompare(program);

  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode);
    if (e instanceof UserError) {
      process.stderr.write(e.message.split('\n').map((line) => `skyfleet: ${line}\n`).join(''));
      process.exit(e.exitCode);
    }
    process.stderr.write(`skyfleet: internal error: ${(e as Error).message ?? String(e)}\n(this is a bug; please report it with the command you ran)\n`);
    process.exit(70);
  }
}

// In the one-file build this module is also what `compare`'s worker threads load (its worker code runs on import,
// in commands/compare.ts): only the main thread is the command line.
if (isMainThread) await main();
