/** `--check`, the CI gate: is a plan clean (no violation, nothing unplaced or partial)? */
import type { Plan } from '../engine/plan-types.js';

/**
 * Undefined when the plan is clean (no violation, nothing unplaced or partial), else one line saying why it is not.
 * Workloads outside the horizon are not failures.
 */
export function checkFailure(p: Plan): string | undefined {
  const unplaced = p.workloads.filter((w) => w.status === 'unplaced').map((w) => w.id);
  const partial = p.workloads.filter((w) => w.status === 'partial').map((w) => w.id);
  const policy = p.violations.filter((v) => !v.code.startsWith('workload.'));
  if (unplaced.length === 0 && partial.length === 0 && policy.length === 0) return undefined;
  const names = (ids: readonly string[]): string =>
    ids.length > 3 ? `${ids.slice(0, 3).join(', ')}, …` : ids.join(', ');
  const byCode = new Map<string, number>();
  for (const v of policy) byCode.set(v.code, (byCode.get(v.code) ?? 0) + 1);
  const parts = [
    unplaced.length ? `${unplaced.length} unplaced (${names(unplaced)})` : '',
    partial.length ? `${partial.length} partial (${names(partial)})` : '',
    policy.length
      ? `${policy.length} policy violation${policy.length === 1 ? '' : 's'} (${[...byCode].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ')})`
      : '',
  ].filter(Boolean);
  return `check failed: ${parts.join(', ')}`;
}
