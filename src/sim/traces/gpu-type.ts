/**
 * A job trace's GPU type column, mapped onto the scenario's GPU models (the models with a throughput figure), by one
 * documented rule (docs/simulator.md, *Job traces*):
 *   1. the model spelled exactly so;
 *   2. else the model whose name is the same ignoring case and every character but letters and digits
 *      (`h100`, `A100_80GB` → `A100-80GB`);
 *   3. else the one model whose name so normalised begins with the trace's (`GB3` → `GB300` when no other model starts
 *      so); two or more such models are ambiguous;
 *   4. else the type names no model: its jobs take the trace's default GPU list, as rows without a type do, and a note
 *      (`trace.unknown-gpu-type`) names the type, how many rows use it and the models known — another cluster's
 *      trace (K80, P100, T4, `MISC`) still runs, and the user is told which jobs lost their type.
 * The empty string (column absent or cell empty) is no type: the job takes the trace's default GPU list.
 */
import type { Issue } from '../../core/issues.js';
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
 * Each of the trace's GPU types (`types`, as the trace interns them) → its model, '' for no type (also for a type no
 * rule maps); and a note for each type no rule maps (`rows[k]`: how many rows name types[k]).
 */
export function mapGpuTypes(
  types: readonly string[],
  rows: ArrayLike<number>,
  models: readonly string[],
): { readonly models: string[]; readonly notes: Issue[] } {
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
      message: `the trace's gpu_type "${excerpt(t)}" (${n.toLocaleString('en-US')} ${n === 1 ? 'job' : 'jobs'}) names no GPU model of the scenario, or more than one (models with a throughput figure: ${known.join(', ')}): ${n === 1 ? 'it runs' : 'they run'} on the trace's default GPU list (--trace-gpus)`,
    });
  });
  return { models: out, notes: issues };
}

/** The notes of a job trace's GPU types that name no model of `models` (see mapGpuTypes). */
export function gpuTypeNotes(
  trace: { readonly gpuTypes: readonly string[]; readonly gpuType: ArrayLike<number>; readonly count: number },
  models: readonly string[],
): Issue[] {
  const rows = new Uint32Array(trace.gpuTypes.length);
  for (let i = 0; i < trace.count; i++) {
    const k = trace.gpuType[i] ?? 0;
    rows[k] = (rows[k] ?? 0) + 1;
  }
  return mapGpuTypes(trace.gpuTypes, rows, models).notes;
}
