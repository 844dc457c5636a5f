/**
 * The control plane's codes (`skyfleet serve`): causes of workload transitions, refusals of API requests and
 * provider failures, each with its params' shape. Spread into the catalogue (codes.ts), where docs/codes.md is made
 * from; kept in a file of its own so the control plane's list reads in one place.
 */
import type { CodeInfo } from './codes.js';

const c = (params: string, meaning: string, example: string): CodeInfo => ({
  source: 'control',
  params,
  meaning,
  example,
});

export const CONTROL_CODES = {
  // ── transitions of a workload (the cause of each event) ───────────────────────────────────────────────────────
  'control.submitted': c('{team: string}', 'a workload was submitted', 'submitted by research'),
  'control.admitted': c('{}', 'a submitted workload passed its quota and budget checks', 'admitted'),
  'control.released': c(
    '{}',
    'held work was re-checked and its quota or budget now lets it through',
    'released: the quota has room again',
  ),
  'control.quota': c(
    '{team: string, gpus: {gpu: string, quota: number, held: number, needs: number}[]}',
    "the team's GPU quota holds the work back: for every GPU model it accepts, the GPUs held plus its own exceed the quota",
    'research holds 64 of its 64 H100 and needs 8 more',
  ),
  'control.budget': c(
    '{team: string, month: string, unit: string, budget: number, spent: number}',
    "the team's monthly budget is spent: `unit` usd (cents) or gpu-hours",
    'research spent 800000 of its 800000 cents in 2026-12',
  ),
  'control.placed': c(
    '{provider: string, region: string, instanceType: string, gpu: string, instances: number, spot: boolean, pool: string, effectiveCostUsd: number, evaluation: number, replanned: boolean}',
    "an evaluation chose an offering for the workload and the plan applier committed it; `replanned`: the re-optimisation's preferred pool, not the cheapest now",
    'placed on aws us-east-1 p5.48xlarge ×1 (aws/us-east-1/H100/on-demand/p5.48xlarge)',
  ),
  'control.no-capacity': c(
    '{candidates: number, rejections: {code: string, pools: number}[]}',
    'no candidate offering has room now (the workload waits, admitted, and is evaluated again as capacity frees)',
    'no room: 3 candidates, capacity ×2, blocklisted ×1',
  ),
  'control.no-candidate': c(
    '{rejections: {code: string, source: string, pools: number}[]}',
    'no offering of the fleet passes the static filters for this workload: it can never be placed (refused at submit)',
    'no offering of the fleet can take it: gpu-model ×180, interconnect ×4',
  ),
  'control.launching': c(
    '{provider: string, launchId: string, clientToken: string}',
    'the workload was launched on its provider (idempotent client token `${id}/${attempt}`)',
    'launched on aws as l-12 (token w-3/1)',
  ),
  'control.adopted': c(
    '{provider: string, launchId: string, clientToken: string}',
    "after a restart, a provider's launch whose client token matches the workload's attempt was adopted",
    'adopted l-12 on aws (token w-3/1)',
  ),
  'control.running': c('{provider: string, launchId: string}', 'the provider reports the launch running', 'running'),
  'control.checkpoint': c(
    '{workDone: number, at: number}',
    'the provider reported a new checkpoint of running work (H100 GPU-hours done): what a requeue resumes from',
    'checkpoint at 120 GPU-h',
  ),
  'control.succeeded': c('{exitCode: number | null}', 'the launch ended successfully', 'succeeded (exit 0)'),
  'control.failed': c(
    '{exitCode: number | null, launchState: string}',
    'the launch ended in failure (non-zero exit, or terminated by the provider)',
    'failed (exit 1)',
  ),
  'control.cancelled': c('{by: string}', 'the workload was cancelled by a user', 'cancelled by research'),
  'control.preempted': c(
    '{provider: string, launchId: string, checkpoint: number, lostWork: number}',
    'the provider preempted the launch (spot); `lostWork`: H100 GPU-hours done since the last checkpoint',
    'preempted on aws: 3.5 GPU-h since the checkpoint at 120 GPU-h lost',
  ),
  'control.lost': c(
    '{provider: string, launchId: string | null, reason: string, checkpoint: number, lostWork: number}',
    'the launch is gone: its provider is down, or it reports the launch lost or no longer knows it',
    'lost on aws: the provider is down',
  ),
  'control.requeued': c(
    '{attempt: number, resumeFrom: number, lostWork: number}',
    'preempted or lost work goes back to admitted, to resume from its last checkpoint on its next attempt',
    'requeued as attempt 2, resuming from 120 GPU-h (3.5 GPU-h lost)',
  ),
  'control.launch-refused': c(
    '{provider: string, code: string, attempt: number}',
    'the provider refused the launch (no capacity, bad request): the workload is placed again elsewhere',
    'aws refused the launch [provider.capacity]: placing again',
  ),
  'control.provider-down': c(
    '{provider: string, failedPolls: number, silentMs: number, last: string}',
    'a provider failed `failedPolls` polls in a row or did not answer for `silentMs`: its work is placed elsewhere',
    'aws is down: 3 failed polls, 45000 ms without an answer',
  ),
  'control.blocklisted': c(
    '{key: string, until: number, pool: string}',
    'an offering (provider/region/instance type) that failed is avoided until `until`',
    'aws/us-east-1/p5.48xlarge is blocklisted until 2026-12-07T08:00:00Z',
  ),
  'control.quota-filter': c(
    '{gpu: string, quota: number, held: number, needs: number}',
    "a candidate's GPU model would take the team over its quota (an explain rejection)",
    'H100: quota 64, held 64, needs 8',
  ),
  'control.provider-unavailable': c(
    '{provider: string, pool: string}',
    "a candidate's provider is down or not connected (an explain rejection)",
    'aws is down',
  ),
  'control.offering-missing': c(
    '{pool: string}',
    'a pool of the fleet has no live offering at its provider now (an explain rejection)',
    'aws/us-east-1/H100/on-demand/p5.48xlarge is not offered now',
  ),
  'control.capacity': c(
    '{pool: string, needs: number, available: number}',
    'a candidate offering has fewer free instances than the gang needs, after what this evaluation placed',
    'needs 2 instances, 1 free',
  ),
  'control.replan-move': c(
    '{from: string, to: string}',
    'the re-optimisation (the planner over the live workloads, on its cadence or after a big event) chose another pool for placed work not yet launched: placed again',
    're-plan: from gcp/us-central1/H100/on-demand/a3-highgpu-8g to aws/us-east-1/H100/committed/p5.48xlarge',
  ),
  'control.split': c(
    '{groups: {id: string, geo: string, replicas: number}[], minProviders: number, survivability: number | null}',
    'an inference service is placed as replica groups (its geographies, minProviders and the survivability spread cap): each group a workload of its own, the groups of one geography on different providers',
    'split into 2 replica groups: w-1-0.g0 (us, 2 replicas), w-1-0.g1 (us, 2 replicas)',
  ),
  'control.service-groups': c(
    '{groups: number, states: {[state: string]: number}}',
    'a service placed as replica groups follows its groups: running when every group runs, provisioning when every one is launched, placed when every one is placed, else admitted; final when every group is',
    'service follows its groups: 1 running, 1 admitted',
  ),
  'control.spread': c(
    '{provider: string, pool: string, sibling: string}',
    'a replica group is kept off a provider that holds another group of its service in the same geography (the survivability spread and minProviders)',
    'aws holds w-1-0.g0 of the same service',
  ),
  'control.migrated': c(
    '{from: string | null, to: string, provider: string, launchId: string, checkpoint: number, lostWork: number, effectiveCostUsd: number, migrationCostUsd: number, savingUsd: number}',
    'the re-optimisation moved running, checkpointed work: its launch is stopped and the whole gang placed on pool `to`, to resume from `checkpoint`; `lostWork`: H100 GPU-hours done since the checkpoint; `savingUsd`: the expected saving over its remaining run after the migration cost',
    'moved to aws/us-east-1/H100/reserved/p5.48xlarge, resuming from 40 GPU-h (2 GPU-h lost, 310 USD expected saving)',
  ),
  // ── why a re-optimisation ran (the `replanned` event's trigger; control/replan-triggers.ts) ──────────────────
  'control.replan-cadence': c(
    '{everyMs: number}',
    'the re-optimisation ran on its cadence (`everyMs` since the last one; also the first tick)',
    're-plan: every 600000 ms',
  ),
  'control.replan-provider-down': c(
    '{provider: string}',
    'the re-optimisation ran because a provider was declared down',
    're-plan: aws is down',
  ),
  'control.replan-provider-up': c(
    '{provider: string}',
    'the re-optimisation ran because a provider that was down answers again (its capacity is back)',
    're-plan: aws is back up',
  ),
  'control.replan-region-down': c(
    '{provider: string, region: string}',
    "the re-optimisation ran because every offering of a region vanished from a provider's live offerings",
    're-plan: aws us-east-1 is gone',
  ),
  'control.replan-region-up': c(
    '{provider: string, region: string}',
    "the re-optimisation ran because a region that had vanished is back in a provider's live offerings",
    're-plan: aws us-east-1 is back',
  ),
  'control.replan-capacity-removed': c(
    '{offering: string, before: number, after: number}',
    "the re-optimisation ran because a live offering's capacity (free instances plus the control plane's own launches) fell to half or less",
    're-plan: aws/us-east-1/p5.48xlarge|od fell from 4 to 1 instances',
  ),
  'control.replan-capacity-returned': c(
    '{offering: string, before: number, after: number}',
    "the re-optimisation ran because a live offering's capacity (free instances plus the control plane's own launches) doubled or more",
    're-plan: aws/us-east-1/p5.48xlarge|od rose from 0 to 4 instances',
  ),
  'control.replan-launch-refused': c(
    '{offering: string}',
    'the re-optimisation ran because a provider refused a launch for want of capacity (`provider.capacity`)',
    're-plan: aws/us-east-1/p5.48xlarge|od refused a launch for capacity',
  ),
  'control.replan-preempted': c(
    '{provider: string, workloads: number}',
    'the re-optimisation ran because a provider preempted running work (spot)',
    're-plan: aws preempted 2 workloads',
  ),
  // ── refusals of API requests (ControlError: the HTTP status in the meaning) ───────────────────────────────────
  'control.illegal-transition': c(
    '{from: string, to: string}',
    'a transition the state machine does not allow (409 when asked for by a request)',
    'a succeeded workload cannot be cancelled',
  ),
  'control.not-found': c('{id: string}', 'no workload with this id that the caller may see (404)', 'no workload w-9'),
  'control.team-forbidden': c(
    '{team: string}',
    'a team token named another team (403)',
    'a token of research cannot submit for product',
  ),
  'control.team-required': c('{}', 'the admin token must name the team it submits for (400)', 'name a team'),
  'control.invalid-spec': c(
    '{issues: {code: string, path: string, message: string}[]}',
    'the workload is not one a scenario file would accept (422); `issues`: the loader’s issues',
    "workload: missing required field 'gpus'",
  ),
  'control.conflict': c(
    '{id: string}',
    'the workload changed while the request was applied, and retrying did not settle it (409)',
    'w-3 changed meanwhile; try again',
  ),
  'control.not-launched': c(
    '{id: string, state: string}',
    'the workload has no launch yet, so no logs (409)',
    'w-3 is admitted: no logs yet',
  ),
  'control.provider-error': c(
    '{provider: string, code: string}',
    'a provider call made for a request failed (502)',
    'aws: provider.unreachable',
  ),
  // ── provider adapters (ProviderError codes) ──────────────────────────────────────────────────────────────────
  'provider.unreachable': c(
    '—',
    'a provider did not answer, or answered with a server error (retryable)',
    'aws did not answer',
  ),
  'provider.capacity': c(
    '—',
    'a provider has no capacity for the launch (not retryable at that offering)',
    'no p5.48xlarge free in us-east-1',
  ),
  'provider.rejected': c('—', 'a provider refused a request as invalid (not retryable)', 'unknown instance type'),
  'provider.not-found': c('—', 'a provider does not know the launch id', 'no launch l-99'),
} as const satisfies Record<string, CodeInfo>;
