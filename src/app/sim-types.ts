/** What the use cases `simulate` and `compare` return, for the renderers (CLI text/CSV/JSON, the HTML report). */
export type { ServiceRevenue, SimResult } from '../sim/result.js';
export type { Interval, PolicySummary, RunSummary } from '../sim/metrics.js';
export type { RegretSummary } from '../sim/regret.js';
export type { MoneyBreakdown } from '../sim/money-breakdown.js';
export type { CsvPeriod, PeriodRow } from '../sim/calendar.js';
/** The calendar periods a simulation's CSV can be cut into, and the cut itself (exact cents). */
export { CSV_PERIODS, periodRows } from '../sim/calendar.js';
/** The GPU models and tiers a trace job accepts unless the request says otherwise. */
export { TRACE_DEFAULTS } from '../sim/inputs.js';
