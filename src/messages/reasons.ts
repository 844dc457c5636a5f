/**
 * A reason in words: one function over every code the engine gives as data (filters, the solver's unplaced reasons,
 * what blocks a candidate, explain notes, violations). The why-not causes are in why-not.ts.
 */
import type { Code, ParamValue, Params, Reason } from '../core/codes.js';
import { bindingText } from './why-not.js';

const str = (v: ParamValue | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const num = (v: ParamValue | undefined): number => (typeof v === 'number' ? v : Number(v));
const pct = (v: ParamValue | undefined, digits: number): string => (num(v) * 100).toFixed(digits);
/** A reason nested in params (`{code, source, params}`) in words; empty when the param is not one. */
const nested = (v: ParamValue | undefined): string =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { code?: unknown }).code === 'string'
    ? reasonText(v as unknown as Reason)
    : '';
/** Nested reasons (`blocks`), each in words. */
const reasons = (v: ParamValue | undefined): string[] => (Array.isArray(v) ? v.map(nested) : []);

/** The exact solver's plan, by its status. */
const found = (p: Params): string =>
  p['status'] === 'optimal' ? 'exact optimal solution' : `exact MIP incumbent (${str(p['status'])})`;

type Render = (p: Params, r: Reason) => string;

const TEXT: Partial<Record<Code, Render>> = {
  // Filters.
  'filter.gpu-model': (p) => `${str(p['gpu'])} is not among the accepted GPUs (${str(p['accepts'])})`,
  'filter.provider': (p) => `provider ${str(p['provider'])} is not in the workload's providers (${str(p['accepts'])})`,
  'filter.region': (p) => `region ${str(p['region'])} is not in the workload's regions (${str(p['accepts'])})`,
  'filter.tier': (p) => `tier ${str(p['tier'])} is not accepted (accepts ${str(p['accepts'])})`,
  'filter.geo': (p) => `region ${str(p['region'])} (${str(p['regionGeo'])}) does not serve demand in ${str(p['geo'])}`,
  'filter.residency': (p) =>
    `residency: ${str(p['class'])} must stay in ${str(p['geos'])}; ${str(p['region'])} is ${str(p['regionGeo'])}`,
  'filter.exclusivity': (p) =>
    `contract ${str(p['contract'])} makes ${str(p['class'])} exclusive to ${str(p['provider'])}`,
  'filter.throughput': (p) => `no throughput figure for ${str(p['gpu'])} (give one in \`throughput:\`)`,
  'filter.interconnect': (p) =>
    `gang of ${str(p['gang'])} GPUs exceeds ${str(p['provider'])}'s largest interconnect domain (${str(p['largestDomain'])})`,
  'filter.instance-shape.gang': (p) =>
    `needs ${str(p['gang'])} GPUs in its gang on one instance (multiNode: false); ${str(p['instanceType'])} has ${str(p['perInstance'])}`,
  'filter.instance-shape.replica': (p) =>
    `needs ${str(p['needs'])} GPUs per replica; ${str(p['instanceType'])} has ${str(p['perInstance'])}`,
  'filter.instance-shape.domain': (p) =>
    `needs ${str(p['needs'])} GPUs per replica: ${str(p['instances'])} × ${str(p['instanceType'])} (${str(p['gpus'])} GPUs) exceed ${str(p['provider'])}'s largest interconnect domain (${str(p['largestDomain'])})`,
  'filter.instance-shape.nodes': (p) =>
    `runs on ${str(p['nodes'])} node(s) of ${str(p['perNode'])} GPUs each (nodes); ${str(p['instanceType'])} has ${str(p['perInstance'])}`,
  'filter.deadline': (p) => `on ${str(p['gpu'])} it finishes ${num(p['lateHours']).toFixed(0)} h after its deadline`,
  'filter.capacity': (p) =>
    `needs ${str(p['needs'])} GPUs; the pool has at most ${str(p['largestPool'])} while the job runs`,
  'filter.capacity.service': () => 'no capacity while the service runs',
  'filter.dominated.twin': (p) => `same capacity and terms as ${str(p['by'])}, at a higher price`,
  'filter.dominated.holds': (p) => `${str(p['by'])} holds as much on no more GPUs for no more`,
  // The solver's unplaced reasons.
  'unplaced.survivability-rule': (p) =>
    `the survivability rule for its tier lets no provider hold even one of its ${str(p['units'])} replica unit(s) ` +
    '(each may hold at most the units minus the fraction to keep, rounded up): raise its demand or relax the rule',
  'unplaced.min-providers': (p) => {
    const why = reasons(p['blocks']);
    return `needs ${str(p['needs'])} providers; only ${str(p['used'])} can take it${why.length ? ` (${why.join('; ')})` : ''}`;
  },
  'unplaced.blocked': (p) => reasons(p['blocks']).join('; '),
  'unplaced.no-candidate-left': () => 'no candidate left',
  'unplaced.no-feasible-candidate': () => 'no feasible candidate (see rejections)',
  'unplaced.no-room': () =>
    'no room within capacity and policy limits (capacity, spread, provider shares, team budget)',
  'unplaced.provider-lost': () => 'no capacity left elsewhere',
  // What blocks a candidate.
  'block.capacity': (p) => `capacity of ${str(p['group'])} is taken`,
  'block.gpu-share': (p) => `${str(p['provider'])} would exceed its GPU share cap`,
  'block.spend-share': (p) => `${str(p['provider'])} would exceed its spend share cap`,
  'block.team-budget': (p) => `team ${str(p['team'])} would exceed its budget`,
  'block.spread': () => 'survivability spread',
  // Explain notes.
  'explain.chosen': () => 'chosen',
  'explain.blocked': (p) => `not enough room: ${nested(p['block'])}`,
  'explain.first-refusal': (p) => `right of first refusal: offered to ${str(p['providers'])} first`,
  'explain.dearer': (p) => `costs ${(num(p['cents']) / 100).toLocaleString('en-US')} USD more than the choice`,
  'explain.not-chosen': () => 'not chosen',
  // Solver notes.
  'note.no-exact-solver': () => 'no exact solver available: greedy used',
  'note.too-many-candidates': (p) =>
    `${str(p['candidates'])} candidates > ${str(p['max'])}: greedy solver, no LP bound`,
  'note.lp-bound-failed': (p) =>
    `LP bound not computed: ${p['cause'] !== undefined ? nested(p['cause']) : p['error'] !== undefined ? str(p['error']) : `the relaxation ended ${str(p['status'])}`}`,
  'note.exact-better': (p) => `${found(p)} beats greedy`,
  'note.greedy-as-good': (p) => `greedy solution is as good as the ${found(p)}: greedy reported`,
  'note.exact-failed': (p) =>
    `exact solver failed (${str(p['error'])})${p['timeout'] === true ? ' (a wall-clock safety net: THIS PLAN DEPENDS ON TIMING)' : ''}: greedy used`,
  'note.greedy-moves': (p) => `greedy improvement passes moved ${str(p['moves'])} item(s)`,
  'note.solver-limit': (p) => {
    const what =
      p['integer'] === true
        ? 'its best integer plan (incumbent) is reported, not proven optimal'
        : 'its values are no lower bound';
    if (p['status'] === 'node-limit')
      return `HiGHS stopped at its branch-and-bound node limit (deterministic): ${what}`;
    if (p['status'] === 'iteration-limit')
      return `HiGHS stopped at its simplex iteration limit (deterministic): ${what}`;
    return `HiGHS stopped at its wall-clock safety limit: ${what}, and THIS PLAN DEPENDS ON THE MACHINE'S SPEED AND LOAD`;
  },
  'note.lp-relaxation': () =>
    'LP relaxation: fractional units and replicas; first refusal and minProviders relaxed away',
  'note.items-unplaced': (p) => `${str(p['items'])} item(s) not fully placed`,
  'note.outside-first-refusal': (p) =>
    `${str(p['items'])} item(s) placed (partly) outside their first-refusal providers, which had no room`,
  'note.nothing-to-place': () => 'nothing to place',
  // Violations.
  'policy.spend-share': (p) =>
    `${str(p['provider'])} holds ${pct(p['share'], 1)}% of spend, above its cap of ${pct(p['cap'], 1)}%`,
  'policy.gpu-share': (p) =>
    `${str(p['provider'])} holds ${pct(p['share'], 1)}% of GPUs at the peak, above its cap of ${pct(p['cap'], 1)}%`,
  'policy.survivability': (p) =>
    `losing ${str(p['provider'])} leaves ${str(p['workload'])} with ${pct(p['keptImmediately'], 0)}% of its capacity at once and ${pct(p['afterReplan'], 0)}% after re-planning (needs ${pct(p['required'], 0)}%)`,
  'workload.unplaced': (p) => `${str(p['workload'])}: ${str(p['reason'])}`,
  'workload.partial': (p) => `${str(p['workload'])}: ${str(p['reason'])}`,
};

/** The words of a reason. A why-not cause (`why.*`) reads as its binding text; a code without words of its own
 * (a loader or CLI code given as a reason) reads as `source: code`. */
export function reasonText(r: Reason): string {
  const text = TEXT[r.code];
  if (text) return text(r.params, r);
  if (r.code.startsWith('why.')) return bindingText({ ...r, pools: 0 });
  return `${r.source}: ${r.code}`;
}
