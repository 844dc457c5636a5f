/**
 * Negotiating leverage: the same portfolio under a price shock or without a provider. Pure transformations of
 * the snapshot; the CLI plans both and shows the difference (diff.ts).
 */
import type { Snapshot } from '../core/types.js';
import { excerpt, issue, ok, fail, type Result } from '../core/issues.js';

/** A price shock multiplies prices by a factor in this range: x0.01 to x100, i.e. -99% to +9900% (docs/limits.md). */
export const MIN_PRICE_FACTOR = 0.01;
export const MAX_PRICE_FACTOR = 100;

export interface PriceShock {
  readonly provider: string;
  /** Multiplier on list and spot prices, e.g. 1.2 for +20%. */
  readonly factor: number;
}

/** Parses `aws.price=+20%` / `oci.price=-15%` / `gcp.price=x1.5`; the factor must lie in MIN..MAX_PRICE_FACTOR. */
export function parsePriceShock(text: string, known: readonly string[]): Result<PriceShock> {
  const m =
    text.length > 1000 ? null : /^([A-Za-z0-9_-]+)\.price=(?:([+-]\d+(?:\.\d+)?)%|x(\d+(?:\.\d+)?))$/.exec(text.trim());
  if (!m)
    return fail([
      issue(
        'what-if.syntax',
        [],
        `--what-if: cannot read "${excerpt(text)}": write PROVIDER.price=+20% (or -15%, or x1.5)`,
      ),
    ]);
  const provider = m[1]!;
  if (!known.includes(provider))
    return fail([
      issue(
        'what-if.provider',
        [],
        `--what-if: unknown provider "${excerpt(provider)}" (the scenario has ${known.join(', ')})`,
      ),
    ]);
  const factor = m[2] !== undefined ? 1 + Number(m[2]) / 100 : Number(m[3]);
  if (!(factor > 0))
    return fail([issue('what-if.factor', [], `--what-if: a price cannot fall to zero or below ("${excerpt(text)}")`)]);
  if (!Number.isFinite(factor) || factor < MIN_PRICE_FACTOR || factor > MAX_PRICE_FACTOR) {
    return fail([
      issue(
        'what-if.factor',
        [],
        `--what-if: "${excerpt(text)}" multiplies prices by ${Number.isFinite(factor) ? `x${factor}` : 'an infinite factor'}; the factor must lie between x${MIN_PRICE_FACTOR} and x${MAX_PRICE_FACTOR} (-99% to +9900%)`,
      ),
    ]);
  }
  return ok({ provider, factor });
}

export function withPriceShock(snapshot: Snapshot, shock: PriceShock): Snapshot {
  return {
    ...snapshot,
    catalog: {
      offerings: snapshot.catalog.offerings.map((o) =>
        o.provider !== shock.provider
          ? o
          : {
              ...o,
              pricePerHour: o.pricePerHour * shock.factor,
              ...(o.spotPricePerHour !== undefined ? { spotPricePerHour: o.spotPricePerHour * shock.factor } : {}),
            },
      ),
    },
    contracts: snapshot.contracts.map((c) =>
      c.provider !== shock.provider
        ? c
        : {
            ...c,
            reserved: c.reserved.map((b) => ({ ...b, ratePerGpuHour: b.ratePerGpuHour * shock.factor })),
          },
    ),
  };
}

/** The portfolio without a provider: its capacity and its contracts are gone (as if never signed). */
export function withoutProvider(snapshot: Snapshot, provider: string): Snapshot {
  return {
    ...snapshot,
    providers: snapshot.providers.filter((p) => p.id !== provider),
    contracts: snapshot.contracts.filter((c) => c.provider !== provider),
  };
}
