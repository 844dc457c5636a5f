/** Policy names → policies. `offline-optimal` is not an online policy: it is the lower bound (offline-optimal.ts).
 * `hindsight` is named here and made per run (it knows that run's outages: hindsight.ts hindsightPolicy). */
import { fail, ok, type Result } from '../../core/issues.js';
import type { SimPolicy } from '../policy.js';
import { cheapestFirstPolicy } from './cheapest-first.js';
import { HINDSIGHT } from './hindsight.js';
import { singleProviderPolicy } from './single.js';
import { skypilotLikePolicy } from './skypilot-like.js';
import { skyfleetPolicy } from './skyfleet.js';

export const OFFLINE_OPTIMAL = 'offline-optimal';
export { HINDSIGHT };

export function parsePolicy(
  name: string,
  providers: readonly string[],
): Result<SimPolicy | typeof OFFLINE_OPTIMAL | typeof HINDSIGHT> {
  if (name === HINDSIGHT) return ok(HINDSIGHT);
  if (name === 'skyfleet') return ok(skyfleetPolicy);
  if (name === 'cheapest-first') return ok(cheapestFirstPolicy);
  if (name === 'skypilot-like') return ok(skypilotLikePolicy);
  if (name === OFFLINE_OPTIMAL) return ok(OFFLINE_OPTIMAL);
  const m = /^single:(.+)$/.exec(name);
  if (m) {
    const p = m[1]!;
    if (!providers.includes(p))
      return fail([
        {
          code: 'policy.unknown-provider',
          path: ['policies'],
          message: `policy ${name}: the scenario has no provider "${p}" (it has ${providers.join(', ')})`,
        },
      ]);
    return ok(singleProviderPolicy(p));
  }
  return fail([
    {
      code: 'policy.unknown',
      path: ['policies'],
      message: `unknown policy "${name}": use single:<provider>, cheapest-first, skypilot-like, skyfleet, hindsight or offline-optimal`,
    },
  ]);
}
