/**
 * The application layer: every use case of skyfleet, called by the CLI (src/cli/commands) and by any other front end
 * (an HTTP server), with its effects through the ports in ports.ts. Inputs are requests as given (text fields are
 * checked here, in a fixed order, with the messages the user sees); results are plain data for a renderer.
 */
export type * from './ports.js';
export { IssuesError, UserError, flagError } from './errors.js';
export { parseSeed, seedRun, SEED_MAX } from './seed.js';
export { FLAG_LIMITS, parseList, parseNumberFlag } from './fields.js';
export { loadCatalog, loadScenario, loadThroughput } from './load-scenario.js';
export { validateScenario, type ScenarioSummary } from './validate-scenario.js';
export { describeCatalog, type CatalogQuery, type CatalogView } from './describe-catalog.js';
export { planScenario, type PlanOutcome, type PlanPorts, type PlanRequest, type PlanVariant } from './plan-scenario.js';
export { parseSolverChoice } from './plan-request.js';
export { checkFailure } from './plan-check.js';
export { prepareSimulation, type Prepared, type SimulationRequest } from './prepare-simulation.js';
export { checkPolicy, OFFLINE_OPTIMAL, simulateScenario, type SimulateRequest } from './simulate-scenario.js';
export { parseCompareRequest, type CompareRequest, type CompareRequestText } from './compare-request.js';
export { checkComparison, compareScenario, compareTasks, runCompareTask, type Comparison } from './compare-scenario.js';
