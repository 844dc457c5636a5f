/**
 * The control plane: the use cases the HTTP server calls (ControlApi) and the reconcile loop (`tick`), over the
 * Store, Provider and Clock ports — a thin façade over its parts, which share one ControlState (control-state.ts).
 * docs/control-plane.md explains the whole; in short:
 *
 *   submit    reads the workload as a scenario would (read-submitted.ts), refuses what no pool of the fleet can ever
 *             take, and queues it; the submissions that arrive together are recorded, admitted or held (team quota
 *             and monthly budget, admission.ts) and evaluated (evaluate.ts) in one store transaction
 *             (group-commit.ts).
 *   tick      (reconcile-tick.ts) polls every provider (provider-poll.ts), declares down a provider that keeps
 *             failing (control/health.ts), rebuilds the capacity ledger from the store, moves states from what the
 *             providers report, adopting launches whose client token matches and terminating those nobody owns
 *             (follow-launches.ts), requeues preempted and lost work from its last checkpoint, records usage
 *             (usage-recording.ts), re-checks held work, re-optimises on a cadence and after big events
 *             (replan-events.ts, replan-moves.ts), evaluates
 *             admitted work through the plan applier (plan-applier.ts), and launches placed work with the idempotent
 *             client token `${id}/${attempt}` (launch-placed.ts).
 *   services  an inference service whose geographies, minProviders or survivability rule ask for a spread is
 *             placed as replica groups, each a workload of its own; the service follows them (service-groups.ts).
 *   queries   get, list, events, explain, logs, fleet (queries.ts); cancel (cancel.ts).
 *
 * Every state change goes through the store's applyChanges with the version it was decided on (optimistic concurrency);
 * a conflict is re-read and decided again, at most MAX_APPLY_RETRIES times.
 */
import type { WorkloadEvent, WorkloadState } from '../../control/records.js';
import type { ControlApi, Explanation, FleetStatus, Principal, SubmitRequest, WorkloadView } from './api.js';
import { cancelWorkload } from './cancel.js';
import type { ControlPlaneOptions, TickReport } from './control-options.js';
import { ControlState } from './control-state.js';
import { GroupCommit } from './group-commit.js';
import { explainWorkload, fleetStatus, getWorkload, listWorkloads, workloadEvents, workloadLogs } from './queries.js';
import { tick } from './reconcile-tick.js';

export {
  type ControlPlaneOptions,
  ID_BLOCK,
  MAX_APPLY_RETRIES,
  MAX_SUBMIT_BATCH,
  REPLAN_DEBOUNCE_MS,
  REPLAN_EVERY_MS,
  type TickReport,
  USAGE_OVERLAP_MS,
  USAGE_SINCE_KEY,
} from './control-options.js';

export class ControlPlane implements ControlApi {
  private readonly s: ControlState;
  private readonly submissions: GroupCommit;

  constructor(opts: ControlPlaneOptions) {
    this.s = new ControlState(opts);
    this.submissions = new GroupCommit(this.s, opts);
  }

  /** Submission batches committed (tests read it). */
  get batches(): number {
    return this.submissions.batches;
  }

  submit(p: Principal, req: SubmitRequest): Promise<{ workload: WorkloadView; created: boolean }> {
    return this.submissions.submit(p, req);
  }

  get(p: Principal, id: string): Promise<WorkloadView> {
    return getWorkload(this.s, p, id);
  }

  list(
    p: Principal,
    q: { readonly states?: readonly WorkloadState[]; readonly limit?: number; readonly after?: string },
  ): Promise<WorkloadView[]> {
    return listWorkloads(this.s, p, q);
  }

  cancel(p: Principal, id: string): Promise<WorkloadView> {
    return cancelWorkload(this.s, p, id);
  }

  events(p: Principal, id: string): Promise<WorkloadEvent[]> {
    return workloadEvents(this.s, p, id);
  }

  explain(p: Principal, id: string): Promise<Explanation> {
    return explainWorkload(this.s, p, id);
  }

  logs(p: Principal, id: string, tailLines: number): Promise<string> {
    return workloadLogs(this.s, p, id, tailLines);
  }

  fleet(p: Principal): Promise<FleetStatus> {
    return fleetStatus(this.s, p);
  }

  /** One round of the reconcile loop (the server calls it on an interval; docs/control-plane.md). */
  tick(): Promise<TickReport> {
    return tick(this.s);
  }
}
