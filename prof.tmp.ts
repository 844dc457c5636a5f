import { costAndUsageLines } from './src/ledger/focus/index.js';
import { ledgerScenario } from './src/app/ledger-scenario.js';
import { prepareSimulation } from './src/app/prepare-simulation.js';
import { repoFiles } from './src/app/test-support/files.js';
import { STARTUP_30D } from './src/app/test-support/startup-request.js';
const { ledger, input } = ledgerScenario(prepareSimulation(repoFiles(), 'examples/frontier-lab.yaml', { ...STARTUP_30D, horizon: '1y', trace: 'data/traces/philly_jobs.csv' }), { policy: 'skyfleet', seed: 1 });
let t = process.cpuUsage(); let n = 0, bytes = 0;
for (const l of costAndUsageLines(ledger, input, { account: 't' })) { n++; bytes += l.length; }
const c = process.cpuUsage(t); console.log('rows', n, 'MB', (bytes/1e6).toFixed(1), 'cpu s', ((c.user + c.system) / 1e6).toFixed(2), 'records', ledger.records);
