/** The self-contained HTML report: pure renderers (result → HTML string); the shell writes the file (write.ts). */
export { renderSimulationReport, type SimulationReport } from './simulation.js';
export { renderComparisonReport, type ComparisonReport } from './comparison.js';
export { renderLedgerReport, type LedgerReport } from './ledger.js';
