/** The Store contract suite on PostgreSQL (127.0.0.1:5432): a schema of its own per test, dropped after. */
import { postgresHarness } from './test-support/postgres-harness.js';
import { storeContract } from './test-support/store-contract.js';

storeContract('postgres', () => postgresHarness());
