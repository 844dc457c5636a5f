#!/usr/bin/env node
/**
 * skyfleet — the command line. Every rejection is exit 2 and one line per problem on stderr,
 * `skyfleet: <file>:<line>:<col>: <what> [<code>]` (or `skyfleet: <what> [<code>]` for flags and usage), never a
 * stack trace; results go to stdout, notes and progress to stderr. stderr is written synchronously before the
 * process ends, so a long list of problems read through a pipe arrives whole.
 */
import { isMainThread } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { formatIssue, type Issue } from '../core/issues.js';
import { registerPlan } from './commands/plan.js';
import { registerCatalog } from './commands/catalog.js';
import { registerValidate } from './commands/validate.js';
import { registerSimulate } from './commands/simulate.js';
import { registerCompare } from './commands/compare.js';
import { escapeControl, excerpt, exitAfterStdout, problemLine, UserError, writeStderrSync } from './io.js';

/** commander's error codes → skyfleet's stable usage codes (docs: README, "Exit codes and errors"). */
export const USAGE_CODES: Readonly<Record<string, string>> = {
  'commander.unknownOption': 'usage.unknown-option',
  'commander.unknownCommand': 'usage.unknown-command',
  'commander.missingArgument': 'usage.missing-argument',
  'commander.optionMissingArgument': 'usage.missing-option-value',
  'commander.missingMandatoryOptionValue': 'usage.missing-option',
  'commander.conflictingOption': 'usage.conflicting-options',
  'commander.excessArguments': 'usage.too-many-arguments',
  'commander.invalidArgument': 'usage.invalid-value',
  'commander.help': 'usage.missing-command',
  'commander.error': 'usage.invalid',
};

const COMMANDS = 'plan, simulate, compare, validate or catalog';

/** The one line for a commander usage error: its message without `error: `, user text cut short and escaped. */
export function usageLine(e: CommanderError, args: readonly string[] = []): string {
  if (e.code === 'commander.help' && args[0] === 'help' && args[1] !== undefined) {
    return problemLine(`unknown command '${excerpt(args[1])}': use ${COMMANDS} [usage.unknown-command]`, 'usage.unknown-command');
  }
  const code = USAGE_CODES[e.code] ?? 'usage.invalid';
  if (e.code === 'commander.help') return problemLine(`no command given: use ${COMMANDS} (skyfleet --help says more) [${code}]`, code);
  // commander appends a suggestion on a line of its own; the user's text may hold newlines too.
  const m = /^(?:error: )?(.*?)(?:\n(\(Did you mean [^\n]*\)))?$/s.exec(e.message)!;
  const quoted = /^(unknown (?:option|command) ')(.*)'$/s.exec(m[1]!);
  const text = quoted ? `${quoted[1]}${excerpt(quoted[2]!)}'` : m[1]!.replace(/'([^']{61,})'/gs, (_, q: string) => `'${excerpt(q)}'`);
  return problemLine(`${text}${m[2] ? ` ${excerpt(m[2], 120)}` : ''} [${code}]`, code);
}

/** The lines and exit code for whatever a command threw. */
export function failure(e: unknown, args: readonly string[] = []): { lines: string[]; exitCode: number } {
  if (e instanceof CommanderError) return { lines: [usageLine(e, args)], exitCode: 2 };
  if (e instanceof UserError) {
    const issues = (e as UserError & { issues?: readonly Issue[] }).issues;
    const texts = Array.isArray(issues) && issues.length > 0 ? issues.map(formatIssue) : e.message.split('\n').filter((l) => l.trim() !== '');
    // A message without its own `[code]` gets the error's, else a generic one (a flag's value, or other input).
    return { lines: texts.map((t) => problemLine(t, e.code ?? (t.startsWith('--') ? 'usage.invalid-value' : 'input.invalid'))), exitCode: e.exitCode };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    lines: [problemLine(`internal error: ${excerpt(message, 300)} (this is a bug; please report it with the command you ran) [internal]`, 'internal')],
    exitCode: 70,
  };
}

/** Prints the problem lines synchronously (and, with SKYFLEET_DEBUG=1, the stack of an internal error) and exits. */
function fail(e: unknown): void {
  const { lines, exitCode } = failure(e, process.argv.slice(2));
  writeStderrSync(`${lines.join('\n')}\n`);
  if (exitCode === 70 && process.env.SKYFLEET_DEBUG === '1' && e instanceof Error && e.stack) writeStderrSync(`${escapeControl(e.stack).replace(/\\n/g, '\n')}\n`);
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
    .description('multi-cloud GPU compute broker: commitment-aware placement across providers, contracts and risk policy')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: () => {}, writeErr: () => {} });
  registerPlan(program);
  registerCatalog(program);
  registerValidate(program);
  registerSimulate(program);
  registerCompare(program);

  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    // --help, --version, `help <command>`: commander has printed them to stdout; exit 0 once it is flushed.
    if (e instanceof CommanderError && e.exitCode === 0) { process.exitCode = 0; return; }
    fail(e);
  }
}

// In the one-file build this module is also what `compare`'s worker threads load (its worker code runs on import,
// in commands/compare.ts): only the main thread is the command line.
if (isMainThread) await main();
