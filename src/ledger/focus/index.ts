/** The FOCUS 1.3 export of a ledger: the two datasets as streams of CSV lines, and the conformance checker. */
export { costAndUsageLines, type FocusMeta } from './cost-and-usage.js';
export { contractCommitmentLines } from './contract-commitment.js';
export { checkFocus, type Violation } from './check.js';
export { RULES, type Rule } from './rules.js';
export { centsDecimal } from './format.js';
