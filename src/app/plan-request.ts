/** A plan request's fields checked against the scenario: workloads to explain, price shocks, providers to drop, the
 * planning instant, the solver choice. Messages name the CLI's flags. */
import type { Scenario, Snapshot } from '../core/types.js';
import { formatIssue } from '../core/issues.js';
import type { SolverChoice } from '../engine/profile.js';
import { parsePriceShock, withoutProvider, withPriceShock } from '../engine/what-if.js';
import { parseInstant } from '../scenario/units.js';
import { UserError } from './errors.js';

const SOLVERS: readonly SolverChoice[] = ['greedy', 'exact', 'auto'];

/** `--solver`: greedy, exact or auto. */
export function parseSolverChoice(text: string): SolverChoice {
  const choice = SOLVERS.find((s) => s === text);
  if (choice === undefined) throw new UserError(`--solver must be greedy, exact or auto, not "${text}"`);
  return choice;
}

/** `--explain`: every id a workload of the scenario (read from `file`). */
export function checkExplain(scenario: Scenario, file: string, ids: readonly string[]): void {
  for (const id of ids) {
    if (!scenario.request.workloads.some((w) => w.id === id))
      throw new UserError(`--explain: no workload "${id}" in ${file}`);
  }
}

/** The snapshot under `--what-if` price shocks and `--without` providers, with the variant's labels (none: no variant). */
export function variantOf(
  scenario: Scenario,
  whatIf: readonly string[],
  without: readonly string[],
): { snapshot: Snapshot; labels: string[] } {
  const known = scenario.snapshot.providers.map((p) => p.id);
  let shocked = scenario.snapshot;
  const labels: string[] = [];
  for (const text of whatIf) {
    const r = parsePriceShock(text, known);
    if (!r.ok) throw new UserError(r.issues.map(formatIssue).join('\n'));
    shocked = withPriceShock(shocked, r.value);
    labels.push(text);
  }
  for (const p of without) {
    const id = known.find((k) => k === p);
    if (id === undefined)
      throw new UserError(`--without: unknown provider "${p}" (the scenario has ${known.join(', ')})`);
    shocked = withoutProvider(shocked, id);
    labels.push(`without ${p}`);
  }
  return { snapshot: shocked, labels };
}

/** The planning instant: nothing starts before it. UTC dates only (as in scenario files), inside the horizon. */
export function nowOf(text: string | undefined, scenario: Scenario): number {
  const { start, end } = scenario.request.horizon;
  if (text === undefined) return start;
  const t = parseInstant(text);
  if (!t.ok) throw new UserError(`--now: ${t.issues[0]?.message ?? `cannot read "${text}"`}`);
  if (t.value < start || t.value >= end) {
    throw new UserError(
      `--now ${text} is outside the scenario's horizon (${new Date(start).toISOString().slice(0, 10)} to ${new Date(end).toISOString().slice(0, 10)})`,
    );
  }
  return t.value;
}
