/**
 * A contract's commitment -> CommitmentPeriod[] with absolute instants. Two forms:
 *   periods: [{ start?, length | end, minimum }]   (start defaults to the previous period's end)
 *   total + every (+ ramp: share of the total per period, summing to 100%; default equal shares)
 * Checks: periods inside the contract term, no overlap, one unit (USD or GPU-hours) throughout, ramp sums to 100%.
 */
import type { IssuePath } from '../core/issues.js';
import type { Commitment, CommitmentPeriod, Instant } from '../core/types.js';
import { type Ctx, must } from './context.js';
import { parseAmount } from './fields.js';
import type { ContractFile } from './schema.js';
import { addDuration, formatInstant, parseFraction } from './units.js';

type CommitmentFile = NonNullable<ContractFile['commitment']>;

export function convertCommitment(
  ctx: Ctx,
  c: CommitmentFile,
  term: { start: Instant; end: Instant },
  carryForwardFraction: number,
  at: IssuePath,
): Commitment | undefined {
  const before = ctx.issues.length;
  let unit = c.unit;
  const amountOf = (text: string, path: IssuePath): number => {
    const a = must(parseAmount(text), { unit: 'usd' as const, value: 0 });
    unit ??= a.unit;
    if (a.unit !== unit)
      ctx.report(
        'commitment.unit-mismatch',
        path,
        `'${text}' is in ${a.unit === 'usd' ? 'USD' : 'GPU-hours'} but the commitment is in ${unit === 'usd' ? 'USD' : 'GPU-hours'}`,
      );
    return a.value;
  };
  const raw: { start: Instant; end: Instant; minimum: number; path: IssuePath }[] = [];
  if (c.periods && (c.total !== undefined || c.every !== undefined || c.ramp)) {
    ctx.report('commitment.form-conflict', at, 'give either periods, or total + every (+ ramp), not both');
  } else if (c.periods) {
    let cursor = term.start;
    c.periods.forEach((p, k) => {
      const path = [...at, 'periods', k];
      const start = ctx.instant(p.start, cursor);
      let end: Instant | undefined;
      if (p.length !== undefined && p.end !== undefined)
        ctx.report('commitment.period-conflict', path, 'give a period length or an end, not both');
      else if (p.length !== undefined) end = must(addDuration(start, p.length), start);
      else if (p.end !== undefined) end = ctx.instant(p.end, start);
      else ctx.report('commitment.period-length-missing', path, 'a period needs a length or an end');
      const minimum = amountOf(p.minimum, [...path, 'minimum']);
      if (end === undefined) return;
      if (end <= start)
        ctx.report(
          'commitment.period-empty',
          path,
          `the period ends (${formatInstant(end)}) before it starts (${formatInstant(start)})`,
        );
      raw.push({ start, end, minimum, path });
      cursor = end;
    });
  } else if (c.total !== undefined && c.every !== undefined) {
    const total = amountOf(c.total, [...at, 'total']);
    const ramp = c.ramp?.map((f) => must(parseFraction(f), 0));
    if (ramp) {
      const sum = ramp.reduce((s, f) => s + f, 0);
      if (Math.abs(sum - 1) > 1e-6)
        ctx.report(
          'commitment.ramp-sum',
          [...at, 'ramp'],
          `the ramp shares sum to ${(sum * 100).toFixed(2)}%, not 100%`,
        );
    }
    let cursor = term.start;
    for (let k = 0; ramp ? k < ramp.length : cursor < term.end; k++) {
      const end = must(addDuration(cursor, c.every), term.end);
      raw.push({ start: cursor, end, minimum: 0, path: ramp ? [...at, 'ramp', k] : [...at, 'every'] });
      cursor = end;
      if (k > 10_000) break; // `every` far shorter than the term: the loop stays bounded
    }
    raw.forEach((p, k) => {
      p.minimum = ramp ? total * (ramp[k] ?? 0) : total / raw.length;
    });
  } else {
    ctx.report('commitment.form-missing', at, 'a commitment needs periods, or total and every');
  }
  let prevEnd = -Infinity;
  for (const p of [...raw].sort((a, b) => a.start - b.start)) {
    if (p.start < term.start || p.end > term.end) {
      ctx.report(
        'contract.period-outside-term',
        p.path,
        `the period ${formatInstant(p.start)} – ${formatInstant(p.end)} falls outside the contract term ${formatInstant(term.start)} – ${formatInstant(term.end)}`,
      );
    }
    if (p.start < prevEnd)
      ctx.report(
        'contract.periods-overlap',
        p.path,
        `the period starting ${formatInstant(p.start)} overlaps the previous one (which ends ${formatInstant(prevEnd)})`,
      );
    prevEnd = Math.max(prevEnd, p.end);
  }
  if (ctx.issues.length > before) return undefined;
  const periods: CommitmentPeriod[] = raw
    .sort((a, b) => a.start - b.start)
    .map(({ start, end, minimum }) => ({ start, end, minimum }));
  return { unit: unit ?? 'usd', periods, carryForwardFraction };
}
