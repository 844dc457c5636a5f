/** What the ledger use case returns, and the FOCUS export of it, for the renderers (CLI text/CSV/JSON/FOCUS, report). */
export type { LedgerResult, MonthSpend, TeamCharge } from '../ledger/result.js';
export type { SettledCommitment } from '../ledger/close.js';
export type { LedgerInput } from '../ledger/usage.js';
export { contractCommitmentLines, costAndUsageLines, checkFocus, type Violation } from '../ledger/focus/index.js';
export { ledgerView, LEDGER_SCHEMA, type LedgerView, type CommitmentView, type LedgerSource } from '../ledger/view.js';
export { checkLedgerPolicy, ledgerScenario, type LedgerRun } from './ledger-scenario.js';
export { asPlan, ledgerFromPlan, PLAN_SCHEMA } from './ledger-plan.js';
export { loadScenario } from './load-scenario.js';
