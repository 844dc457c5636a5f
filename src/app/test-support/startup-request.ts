/** The simulation request the app's tests run: examples/startup.yaml over 30 days, no trace scaling, sampled outages. */
import type { SimulationRequest } from '../prepare-simulation.js';

export const STARTUP = 'examples/startup.yaml';

export const STARTUP_30D: SimulationRequest = {
  horizon: '30d',
  requestRate: '1',
  gpusPerJob: '1',
  jobRate: '1',
  traceKind: 'batch',
  repeat: true,
  outages: 'sample',
};
