/**
 * For tests only (never used by `serve`): a small ControlApi that keeps workloads in memory and obeys the API's
 * rules with the control plane's codes (a team sees only its own workloads, idempotent submission, cancel of
 * finished work refused), and counts
 * every call so a test can prove a refused request changed nothing. Plus an in-memory AccountStore.
 */
import type {
  ControlApi,
  Explanation,
  FleetStatus,
  Principal,
  SubmitRequest,
  WorkloadView,
} from '../../app/control/api.js';
import { ControlError } from '../../app/control/api.js';
import type { TeamRecord, TokenRecord, WorkloadEvent, WorkloadRecord, WorkloadSpec } from '../../control/records.js';
import { submittedRecord } from '../../control/submitted-record.js';
import type { AccountStore } from '../tokens.js';

export interface FakeControl extends ControlApi {
  /** Every call made, by method name, in order. */
  readonly calls: string[];
  /** Every spec submitted, secrets included (what a real store would keep). */
  readonly specs: WorkloadSpec[];
}

function view(w: WorkloadRecord): WorkloadView {
  const { secrets, ...spec } = w.spec;
  const names = Object.keys(secrets ?? {});
  return { ...w, spec: names.length > 0 ? { ...spec, secretNames: names } : spec };
}

export function fakeControl(now: () => number = () => 1_800_000_000_000): FakeControl {
  const byId = new Map<string, WorkloadRecord>();
  const byKey = new Map<string, string>();
  const events = new Map<string, WorkloadEvent[]>();
  const calls: string[] = [];
  const specs: WorkloadSpec[] = [];
  let seq = 0;

  const visible = (p: Principal, id: string): WorkloadRecord => {
    const w = byId.get(id);
    if (!w || (!p.admin && w.team !== p.team)) throw new ControlError('control.not-found', 404, { id });
    return w;
  };
  const transition = (w: WorkloadRecord, to: WorkloadRecord['state'], code: string): WorkloadRecord => {
    const next: WorkloadRecord = { ...w, state: to, version: w.version + 1, updatedAt: now() };
    byId.set(w.id, next);
    events.get(w.id)?.push({ seq: ++seq, workloadId: w.id, at: now(), from: w.state, to, cause: { code } });
    return next;
  };

  return {
    calls,
    specs,
    async submit(p: Principal, req: SubmitRequest) {
      calls.push('submit');
      const team = p.admin ? req.team : p.team;
      if (!p.admin && req.team !== undefined && req.team !== p.team)
        throw new ControlError('control.team-forbidden', 403, { team: req.team });
      if (!team) throw new ControlError('control.team-required', 400);
      const k = req.idempotencyKey === undefined ? undefined : `${team}\u0000${req.idempotencyKey}`;
      const old = k === undefined ? undefined : byKey.get(k);
      if (old !== undefined) return { workload: view(byId.get(old) as WorkloadRecord), created: false };
      const id = `wl_${byId.size + 1}`;
      const w = submittedRecord({ id, team, idempotencyKey: req.idempotencyKey ?? null, at: now() }, req.spec);
      byId.set(id, w);
      specs.push(req.spec);
      if (k !== undefined) byKey.set(k, id);
      events.set(id, [
        { seq: ++seq, workloadId: id, at: now(), from: null, to: 'submitted', cause: { code: 'control.submitted' } },
      ]);
      return { workload: view(w), created: true };
    },
    async get(p, id) {
      calls.push('get');
      return view(visible(p, id));
    },
    async list(p, q) {
      calls.push('list');
      const all = [...byId.values()]
        .filter((w) => p.admin || w.team === p.team)
        .filter((w) => !q.states || q.states.includes(w.state));
      const from = q.after === undefined ? 0 : all.findIndex((w) => w.id === q.after) + 1;
      return all.slice(from, from + (q.limit ?? 100)).map(view);
    },
    async cancel(p, id) {
      calls.push('cancel');
      const w = visible(p, id);
      if (w.state === 'succeeded' || w.state === 'failed' || w.state === 'cancelled')
        throw new ControlError('control.illegal-transition', 409, { from: w.state, to: 'cancelled' });
      return view(transition(w, 'cancelled', 'control.cancelled'));
    },
    async events(p, id) {
      calls.push('events');
      visible(p, id);
      return events.get(id) ?? [];
    },
    async explain(p, id): Promise<Explanation> {
      calls.push('explain');
      const w = visible(p, id);
      return { workloadId: id, state: w.state, chosen: null, rejections: [], waitingFor: w.waitingFor };
    },
    async logs(p, id, tail) {
      calls.push('logs');
      visible(p, id);
      return Array.from({ length: Math.min(tail, 3) }, (_, i) => `line ${i + 1}`).join('\n');
    },
    async fleet(p): Promise<FleetStatus> {
      calls.push('fleet');
      const counts: Record<string, number> = {};
      for (const w of byId.values()) if (p.admin || w.team === p.team) counts[w.state] = (counts[w.state] ?? 0) + 1;
      return {
        providers: [{ name: 'sandbox-aws', up: true, lastSeen: now(), cause: null }],
        workloadsByState: counts,
        blocklist: [],
      };
    },
  };
}

export function memoryAccounts(): AccountStore & { readonly tokens: TokenRecord[] } {
  const tokens: TokenRecord[] = [];
  const teams = new Map<string, TeamRecord>();
  return {
    tokens,
    async putToken(t) {
      tokens.push(t);
    },
    async findTokenByHash(hash) {
      return tokens.find((t) => t.hash === hash);
    },
    async revokeToken(id, at, team) {
      const i = tokens.findIndex((t) => t.id === id && (team === undefined || t.team === team));
      const t = tokens[i];
      if (t === undefined) return undefined;
      if (t.revokedAt === undefined) tokens[i] = { ...t, revokedAt: at };
      return tokens[i];
    },
    async listTokens(q) {
      return tokens
        .filter((t) => q.team === undefined || t.team === q.team)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async putTeam(t) {
      teams.set(t.name, t);
    },
    async getTeam(name) {
      return teams.get(name);
    },
    async listTeams() {
      return [...teams.values()];
    },
  };
}
