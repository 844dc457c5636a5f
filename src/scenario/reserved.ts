/** A contract's reserved blocks -> ReservedBlock[]: `count` from the contract start, then the ramp steps in order. */
import type { IssuePath } from '../core/issues.js';
import type { Instant, ReservedBlock, RampStep } from '../core/types.js';
import { type Ctx, must } from './context.js';
import type { ContractFile } from './schema.js';
import { formatInstant, parseRate } from './units.js';

type ReservedFile = NonNullable<ContractFile['reserved']>[number];

export function convertReserved(
  ctx: Ctx,
  r: ReservedFile,
  provider: string,
  term: { start: Instant; end: Instant },
  at: IssuePath,
): ReservedBlock | undefined {
  const before = ctx.issues.length;
  const regions = ctx.catalog.regionsByProvider.get(provider);
  // An unknown provider, region or GPU was reported by names.ts; the block is just not built.
  const resolved = regions?.has(r.region) && ctx.catalog.gpus.has(r.gpu);
  if (resolved && !ctx.catalog.offered.has(`${provider}/${r.region}/${r.gpu}`)) {
    ctx.report('reserved.not-offered', at, `the catalog has no ${r.gpu} offering for ${provider} in ${r.region}`);
  } else if (
    resolved &&
    r.instanceType !== undefined &&
    !ctx.catalog.instances.has(`${provider}/${r.region}/${r.gpu}/${r.instanceType}`)
  ) {
    ctx.report(
      'reserved.instance-unknown',
      [...at, 'instanceType'],
      `the catalog has no ${r.gpu} instance type ${JSON.stringify(r.instanceType.slice(0, 60))} for ${provider} in ${r.region}`,
    );
  }
  const ramp: RampStep[] = [{ from: term.start, value: r.count }];
  (r.ramp ?? []).forEach((step, k) => {
    const path = [...at, 'ramp', k, 'from'];
    const from = ctx.instant(step.from, term.start);
    const prev = ramp[ramp.length - 1]!;
    if (from < term.start || from >= term.end) {
      ctx.report(
        'ramp.outside-term',
        path,
        `ramp step ${formatInstant(from)} is outside the contract term ${formatInstant(term.start)} – ${formatInstant(term.end)}`,
      );
    } else if (from <= prev.from) {
      ctx.report(
        'ramp.out-of-order',
        path,
        `ramp step ${formatInstant(from)} must come after the previous step (${formatInstant(prev.from)})`,
      );
    }
    ramp.push({ from, value: step.count });
  });
  if (ramp.every((s) => s.value === 0))
    ctx.report('value.not-positive', [...at, 'count'], `reserved block '${r.id}' never has any GPUs`);
  if (!resolved || ctx.issues.length > before) return undefined;
  return {
    id: r.id,
    gpu: r.gpu,
    region: r.region,
    ramp,
    ratePerGpuHour: must(parseRate(r.rate), 0),
    countsTowardCommitment: r.countsTowardCommitment ?? true,
    ...(r.instanceType !== undefined ? { instanceType: r.instanceType } : {}),
  };
}
