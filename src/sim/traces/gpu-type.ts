/**
 * A job trace's GPU type column, mapped onto the scenario's GPU models (the models with a throughput figure), by one
 * documented rule (docs/simulator.md, *Job traces*):
 *   1. the model spelled exactly so;
 *   2. else the model whose name is the same ignoring case and every character but letters and digits
 *      (`h100`, `A100_80GB` → `A100-80GB`);
 *   3. else the one model whose name so normalised begins with the trace's (`GB3` → `GB300` when no other model starts
 *      so); two or more such models are ambiguous;
 *   4. else the type is refused: `trace.unknown-gpu-type`, naming the type, how many rows use it and the models known.
 * The empty string (column absent or cell empty) is no type: the job takes the trace's default GPU list.
 */
import { fail, type Issue, ok, type Result } from '../../core/issues.js';
import { excerpt } from '../../core/excerpt.js';

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The model `type` names among `models`, or undefined (rules 1–3 above). */
export function matchGpuType(type: string, models: readonly string[]): string | undefined {
  if (models.includes(type)) return type;
  const n = norm(type);
  if (n === '') return undefined;
  const same = models.filter((m) => norm(m) === n);
  if (same.length === 1) return same[0];
  if (same.length > 1) return undefined;
  const prefixed = models.filter((m) => norm(m).startsWith(n));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * Each of the trace's GPU types (`types`, as the trace interns them) → its model, '' for no type; or the issues of the
 * types no rule maps (`rows[k]`: how many rows name types[k]).
 */
export function mapGpuTypes(
  types: readonly string[],
  rows: ArrayLike<number>,
  models: readonly string[],
): Result<string[]> {
  const out: string[] = [];
  const issues: Issue[] = [];
  const known = [...models].sort();
  types.forEach((t, k) => {
    if (t === '') {
      out.push('');
      return;
    }
    const m = matchGpuType(t, known);
    if (m !== undefined) {
      out.push(m);
      return;
    }
    out.push('');
    const n = rows[k] ?? 0;
    issues.push({
      code: 'trace.unknown-gpu-type',
      path: ['gpu_type'],
      message: `the trace's gpu_type "${excerpt(t)}" (${n.toLocaleString('en-US')} ${n === 1 ? 'job' : 'jobs'}) names no GPU model of the scenario, or more than one (models with a throughput figure: ${known.join(', ')})`,
    });
  });
  return issues.length ? fail(issues) : ok(out);
}
