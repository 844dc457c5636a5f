/**
 * The order in which the plan applier evaluates admitted work (docs/control-plane.md, "Fair share between teams"):
 * priority first (1 before 3); among the work of the most urgent priority waiting, the team served next by the
 * weighted fair share — core/fair-share.ts `servedBefore`, the one rule the simulator's queue follows too — and within
 * a team, oldest first. Lazy: each next item is chosen from the teams' standings as they are then, so what the caller
 * placed meanwhile (a team's GPUs now) counts. Pure: the standings come in through `standing`.
 */
import { servedBefore, type TeamStanding } from '../core/fair-share.js';

export interface Waiting {
  readonly id: string;
  readonly team: string;
  /** 1 = most critical. */
  readonly priority: number;
  /** When it was submitted (epoch ms): its age. */
  readonly arrival: number;
}

const byAge = (a: Waiting, b: Waiting): number =>
  a.priority - b.priority || a.arrival - b.arrival || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `items` in placement order; `standing(team)`: the team's GPUs now, GPU-hours so far and weight, asked each step. */
export function* fairOrder<T extends Waiting>(
  items: readonly T[],
  standing: (team: string) => Omit<TeamStanding, 'arrival'>,
): Generator<T> {
  const queues = new Map<string, T[]>();
  for (const it of [...items].sort(byAge)) {
    const q = queues.get(it.team);
    if (q) q.push(it);
    else queues.set(it.team, [it]);
  }
  const cursor = new Map<string, number>([...queues.keys()].map((t) => [t, 0]));
  for (;;) {
    // The most urgent priority any team has waiting, then the team the fair share serves first among those.
    let urgent = Infinity;
    for (const [team, q] of queues) urgent = Math.min(urgent, q[cursor.get(team) ?? 0]?.priority ?? Infinity);
    if (urgent === Infinity) return;
    let best: string | undefined;
    let bestStanding: TeamStanding | undefined;
    for (const [team, q] of queues) {
      const head = q[cursor.get(team) ?? 0];
      if (head?.priority !== urgent) continue;
      const st: TeamStanding = { ...standing(team), arrival: head.arrival };
      if (!bestStanding || servedBefore(st, bestStanding)) {
        best = team;
        bestStanding = st;
      }
    }
    if (best === undefined) return;
    const i = cursor.get(best) ?? 0;
    cursor.set(best, i + 1);
    const next = queues.get(best)?.[i];
    if (next) yield next;
  }
}
