/**
 * What the reconcile loop changes for one holding workload, given its launch as the provider reports it: pure, so a
 * tick gathers every change and commits them in one batch (the store's applyChanges; a requeue is two chained
 * changes, version v then v + 1). docs/control-plane.md has the table.
 */
import type { LaunchStatus, WorkloadChange } from '../../control/ports.js';
import type { Cause, WorkloadRecord } from '../../control/records.js';
import { lostWork } from './lost-work.js';

export interface FollowResult {
  readonly changes: readonly WorkloadChange[];
  /** The offering failed (a launch reported lost): blocklist it with this cause. */
  readonly block?: Cause;
}

const NOTHING: FollowResult = { changes: [] };

/**
 * The change `launch` (undefined: the provider no longer knows it) makes to the holding record `rec`. `lastAnswer`: when
 * the provider last answered before this poll (the last report that listed the launch alive), the end of the lost work
 * when the provider reports no end time (lost-work.ts); `now` only stamps the events.
 */
export function followLaunch(
  rec: WorkloadRecord,
  launch: LaunchStatus | undefined,
  now: number,
  rel: number,
  lastAnswer: number,
): FollowResult {
  const p = rec.placement;
  if (!p) return NOTHING;
  const base = { id: rec.id, expectedVersion: rec.version, at: now };
  if (rec.state === 'placed') {
    if (!launch) return NOTHING; // not launched yet: the tick launches it
    const params = { provider: p.provider, launchId: launch.launchId, clientToken: launch.clientToken };
    return {
      changes: [
        {
          ...base,
          state: 'provisioning',
          placement: { ...p, launchId: launch.launchId },
          cause: { code: 'control.adopted', source: 'reconcile', params },
        },
      ],
    };
  }
  if (!launch) return { changes: lostChanges(rec, now, 'unknown-to-provider', lastAnswer, rel) };
  const checkpoint = launch.checkpoint ?? rec.checkpoint;
  switch (launch.state) {
    case 'provisioning':
      return NOTHING;
    case 'running':
      if (rec.state === 'provisioning')
        return {
          changes: [
            {
              ...base,
              state: 'running',
              placement: { ...p, startedAt: launch.startedAt ?? now },
              checkpoint,
              cause: {
                code: 'control.running',
                source: 'reconcile',
                params: { provider: p.provider, launchId: launch.launchId },
              },
            },
          ],
        };
      if (launch.checkpoint && launch.checkpoint.workDone !== rec.checkpoint?.workDone)
        return {
          changes: [
            {
              ...base,
              state: 'running',
              checkpoint: launch.checkpoint,
              cause: { code: 'control.checkpoint', source: 'reconcile', params: { ...launch.checkpoint } },
            },
          ],
        };
      return NOTHING;
    case 'succeeded':
      return {
        changes: [
          {
            ...base,
            state: 'succeeded',
            checkpoint,
            cause: { code: 'control.succeeded', source: 'reconcile', params: { exitCode: launch.exitCode } },
          },
        ],
      };
    case 'failed':
    case 'terminated':
      return {
        changes: [
          {
            ...base,
            state: 'failed',
            checkpoint,
            cause: {
              code: 'control.failed',
              source: 'reconcile',
              params: { exitCode: launch.exitCode, launchState: launch.state },
            },
          },
        ],
      };
    case 'preempted':
    case 'lost': {
      const placement =
        p.startedAt === undefined && launch.startedAt !== null ? { ...p, startedAt: launch.startedAt } : p;
      const lost = lostWork(placement, checkpoint, launch.endedAt ?? lastAnswer, rel);
      const done = checkpoint?.workDone ?? 0;
      const cause: Cause =
        launch.state === 'preempted'
          ? {
              code: 'control.preempted',
              source: 'reconcile',
              params: { provider: p.provider, launchId: launch.launchId, checkpoint: done, lostWork: lost },
            }
          : {
              code: 'control.lost',
              source: 'reconcile',
              params: {
                provider: p.provider,
                launchId: launch.launchId,
                reason: 'reported-lost',
                checkpoint: done,
                lostWork: lost,
              },
            };
      const changes = requeueChanges(rec, launch.state, checkpoint, lost, cause, now);
      return launch.state === 'lost' ? { changes, block: cause } : { changes };
    }
  }
}

/** A launched workload whose launch is gone (`reason`: its provider is down, or no longer knows it) → lost → admitted.
 * `ended`: the last time the provider reported the launch alive (its last answer), where the lost work ends. */
export function lostChanges(
  rec: WorkloadRecord,
  now: number,
  reason: string,
  ended: number,
  rel: number,
): WorkloadChange[] {
  const p = rec.placement;
  if (!p) return [];
  const lost = lostWork(p, rec.checkpoint, ended, rel);
  const cause: Cause = {
    code: 'control.lost',
    source: 'reconcile',
    params: {
      provider: p.provider,
      launchId: p.launchId ?? null,
      reason,
      checkpoint: rec.checkpoint?.workDone ?? 0,
      lostWork: lost,
    },
  };
  return requeueChanges(rec, 'lost', rec.checkpoint, lost, cause, now);
}

/** provisioning/running → preempted|lost → admitted: attempt + 1, to resume from `checkpoint` (two chained changes). */
export function requeueChanges(
  rec: WorkloadRecord,
  via: 'preempted' | 'lost',
  checkpoint: WorkloadRecord['checkpoint'],
  lost: number,
  cause: Cause,
  now: number,
): WorkloadChange[] {
  const attempt = rec.attempt + 1;
  return [
    { id: rec.id, expectedVersion: rec.version, state: via, checkpoint, at: now, cause },
    {
      id: rec.id,
      expectedVersion: rec.version + 1,
      state: 'admitted',
      placement: null,
      attempt,
      waitingFor: null,
      at: now,
      cause: {
        code: 'control.requeued',
        source: 'reconcile',
        params: { attempt, resumeFrom: checkpoint?.workDone ?? 0, lostWork: lost },
      },
    },
  ];
}
